using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's QEMU program (<see cref="QemuProtocol"/>), served on every connection as libvirtd does, over the
/// driver's <see cref="IDomainQemuMonitor"/>. Every procedure changes or may change the guest: read-only
/// connections are refused, in the words of libvirt-qemu's client library (VIR_FROM_NONE).
/// </summary>
public static class QemuProcedures
{
    private static readonly ProcedureEntry?[] Table = Build();

    /// <summary>The handler of a procedure of the QEMU program, or null for a number it does not have.</summary>
    public static ProcedureEntry? Find(int proc) => (uint)proc < (uint)Table.Length ? Table[proc] : null;

    /// <summary>Every procedure the program answers, by number.</summary>
    public static IEnumerable<ProcedureEntry> Entries => Table.Where(e => e is not null)!;

    private static ProcedureOptions Write(QemuProcedure p) => ProcedureOptions.Write(QemuProtocol.ApiOf(p));

    private static ProcedureEntry?[] Build()
    {
        var table = new ProcedureEntry?[(int)QemuProcedure.DomainMonitorCommandWithFiles + 1];
        void Add(ProcedureEntry e) => table[e.Procedure] = e;

        Add(MonitorCommand(QemuProcedure.DomainMonitorCommand));
        // Without descriptors (a plain CALL) the same command; a CALL_WITH_FDS is refused by the connection.
        Add(MonitorCommand(QemuProcedure.DomainMonitorCommandWithFiles));

        // qemu-attach was removed from libvirt's QEMU driver (5.5); libvirtd 9.0 answers "not supported".
        Add(new SyncEntry<QemuAttachArgs, DomainRet>((int)QemuProcedure.DomainAttach, Write(QemuProcedure.DomainAttach),
            static (c, _) => throw VirErrors.NoSupport(QemuProtocol.ApiOf(QemuProcedure.DomainAttach), VirErrorDomain.None)));

        Add(new AsyncEntry<QemuAgentCommandArgs, OptionalStringValue>((int)QemuProcedure.DomainAgentCommand, Write(QemuProcedure.DomainAgentCommand),
            static async (c, a) => new OptionalStringValue(await Monitor(c, QemuProcedure.DomainAgentCommand)
                .AgentCommandAsync(a.Dom.Uuid, a.Cmd, a.Timeout, a.Flags, c.Cancellation).ConfigureAwait(false))));

        Add(new SyncEntry<QemuMonitorEventRegisterArgs, IntValue>((int)QemuProcedure.ConnectDomainMonitorEventRegister,
            Write(QemuProcedure.ConnectDomainMonitorEventRegister), static (c, a) =>
            {
                var monitor = Monitor(c, QemuProcedure.ConnectDomainMonitorEventRegister);
                var wants = QemuMonitorEventFilter.Create(a.Dom, a.Event, a.Flags);
                return new IntValue(c.Connection.QemuMonitorEvents.Register(0, wants, monitor.SubscribeMonitorEvents));
            }));

        Add(new SyncEntry<IntValue, VoidRecord>((int)QemuProcedure.ConnectDomainMonitorEventDeregister,
            Write(QemuProcedure.ConnectDomainMonitorEventDeregister), static (c, a) =>
            {
                c.Connection.QemuMonitorEvents.Deregister(a.Value);
                return default;
            }));
        return table;
    }

    private static ProcedureEntry MonitorCommand(QemuProcedure p) =>
        new AsyncEntry<DomainStringFlagsArgs, StringValue>((int)p, Write(p), async (c, a) =>
            new StringValue(await Monitor(c, p)
                .MonitorCommandAsync(a.Dom.Uuid, a.Text, a.Flags, "qemuDomainQemuMonitorCommandWithFiles", c.Cancellation).ConfigureAwait(false)));

    private static IDomainQemuMonitor Monitor(CallContext c, QemuProcedure p) =>
        c.Driver.Feature<IDomainQemuMonitor>() ?? throw VirErrors.NoSupport(QemuProtocol.ApiOf(p), VirErrorDomain.None);

    /// <summary>The event message for one callback (MESSAGE type, serial 1, as libvirtd sends every event).</summary>
    internal static OutgoingMessage Encode(QemuMonitorEvent e, int callbackId) =>
        MessageBuilder.Build(new MessageHeader(QemuProtocol.Program, QemuProtocol.Version, (int)QemuProcedure.DomainMonitorEvent, MessageType.Message, 1, MessageStatus.Ok),
            new QemuMonitorEventMsg(callbackId, e.Domain, e.Name, e.Seconds, e.Micros, e.Details));
}
