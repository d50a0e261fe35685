using System.Threading.Channels;
using Vireo.Core.State;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// One QMP event of a guest, from libvirt's QEMU program (virConnectDomainQemuMonitorEventRegister): its name,
/// QEMU's timestamp and its data as JSON text (null when it has none).
/// </summary>
public sealed record QemuMonitorEventReceived(DomainRef Domain, string Name, long Seconds, uint Micros, string? Details)
{
    /// <summary>QEMU's timestamp.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeSeconds(Seconds).AddTicks(Micros * TimeSpan.TicksPerMicrosecond);
}

/// <summary>libvirt-qemu: raw monitor and agent commands (virDomainQemuMonitorCommand, virDomainQemuAgentCommand).</summary>
public static class VirDomainQemu
{
    /// <summary>
    /// Runs a QMP command (JSON; the answer is QEMU's whole reply, an error reply included) or, with
    /// <paramref name="hmp"/>, a human-monitor command (the answer is QEMU's text).
    /// </summary>
    public static async Task<string> QemuMonitorCommandAsync(this VirDomain domain, string command, bool hmp = false, CancellationToken ct = default) =>
        (await domain.Connection.Rpc.CallQemuAsync<DomainStringFlagsArgs, StringValue>(QemuProcedure.DomainMonitorCommand,
            new DomainStringFlagsArgs(domain.Ref, command, hmp ? QemuProtocol.MonitorCommandHmp : 0), ct).ConfigureAwait(false)).Value;

    /// <summary>
    /// Sends a command (JSON) to the guest agent and returns its whole reply. <paramref name="timeoutSeconds"/>:
    /// -2 wait for ever, -1 the domain's agent timeout, 0 do not wait, above 0 seconds.
    /// </summary>
    public static async Task<string?> QemuAgentCommandAsync(this VirDomain domain, string command, int timeoutSeconds = -1, CancellationToken ct = default) =>
        (await domain.Connection.Rpc.CallQemuAsync<QemuAgentCommandArgs, OptionalStringValue>(QemuProcedure.DomainAgentCommand,
            new QemuAgentCommandArgs(domain.Ref, command, timeoutSeconds, 0), ct).ConfigureAwait(false)).Value;
}

/// <summary>QEMU monitor event registrations (<see cref="VirConnection.SubscribeQemuMonitorEventsAsync"/>), deregistered through libvirt's QEMU program.</summary>
public sealed class VirQemuMonitorEventSubscription : VirSubscription<QemuMonitorEventReceived>
{
    private readonly VirConnection _connection;

    internal VirQemuMonitorEventSubscription(VirConnection connection) => _connection = connection;

    private protected override Task UnsubscribeAsync() => _connection.UnsubscribeQemuAsync(this);
}

public sealed partial class VirConnection
{
    private readonly Dictionary<int, ChannelWriter<QemuMonitorEventReceived>> _qemuEventSinks = [];

    /// <summary>
    /// Registers for QMP events (of one domain or all; one event name or all, a regular expression with
    /// <see cref="QemuProtocol.EventRegex"/>, case ignored with <see cref="QemuProtocol.EventNoCase"/>) and returns once
    /// the daemon confirmed. Dispose to deregister.
    /// </summary>
    public async Task<VirQemuMonitorEventSubscription> SubscribeQemuMonitorEventsAsync(VirDomain? domain = null, string? eventName = null, uint flags = 0,
        CancellationToken ct = default)
    {
        var sub = new VirQemuMonitorEventSubscription(this);
        var cb = await Rpc.CallQemuAsync<QemuMonitorEventRegisterArgs, IntValue>(QemuProcedure.ConnectDomainMonitorEventRegister,
            new QemuMonitorEventRegisterArgs(domain?.Ref, eventName, flags), ct).ConfigureAwait(false);
        lock (_eventGate) _qemuEventSinks[cb.Value] = sub.Sink;
        sub.CallbackIds.Add(cb.Value);
        StartEventPump();
        return sub;
    }

    internal async Task UnsubscribeQemuAsync(VirQemuMonitorEventSubscription sub)
    {
        lock (_eventGate) foreach (var id in sub.CallbackIds) _qemuEventSinks.Remove(id);
        if (Rpc.IsClosed) return;
        foreach (var id in sub.CallbackIds)
        {
            try { await Rpc.CallQemuAsync<IntValue, VoidRecord>(QemuProcedure.ConnectDomainMonitorEventDeregister, new IntValue(id), CancellationToken.None).ConfigureAwait(false); }
            catch (Core.Errors.VirException) { }
        }
    }

    /// <summary>Decodes a QEMU program event message; null for any other message of that program.</summary>
    internal static (int CallbackId, QemuMonitorEventReceived Event)? DecodeQemu(int procedure, byte[] payload)
    {
        if (procedure != (int)QemuProcedure.DomainMonitorEvent) return null;
        var r = new Rpc.Xdr.XdrReader(payload);
        var m = QemuMonitorEventMsg.Decode(ref r);
        return (m.CallbackId, new QemuMonitorEventReceived(m.Dom, m.Event, m.Seconds, m.Micros, m.Details));
    }
}
