using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The records of libvirt's QEMU program (QemuProtocol), written from its layouts. Those of the same shape as
// the remote program's are shared: the monitor command (1, 7) takes DomainStringFlagsArgs {dom; cmd; flags}
// and answers StringValue; the agent command (3) answers OptionalStringValue; register (4) answers and
// deregister (5) takes IntValue {callbackID}.

/// <summary>DOMAIN_ATTACH (2): {unsigned int pid_value; unsigned int flags}.</summary>
public readonly record struct QemuAttachArgs(uint Pid, uint Flags) : IXdrRecord<QemuAttachArgs>
{
    public static QemuAttachArgs Decode(ref XdrReader r) => new(r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteUInt(Pid);
        w.WriteUInt(Flags);
    }
}

/// <summary>DOMAIN_AGENT_COMMAND (3): {nonnull domain; nonnull string cmd; int timeout; unsigned int flags}.</summary>
public readonly record struct QemuAgentCommandArgs(DomainRef Dom, string Cmd, int Timeout, uint Flags) : IXdrRecord<QemuAgentCommandArgs>
{
    public static QemuAgentCommandArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Cmd);
        w.WriteInt(Timeout);
        w.WriteUInt(Flags);
    }
}

/// <summary>CONNECT_DOMAIN_MONITOR_EVENT_REGISTER (4): {optional domain (NULL: all); optional string event (NULL: all); unsigned int flags}.</summary>
public readonly record struct QemuMonitorEventRegisterArgs(DomainRef? Dom, string? Event, uint Flags) : IXdrRecord<QemuMonitorEventRegisterArgs>
{
    public static QemuMonitorEventRegisterArgs Decode(ref XdrReader r) => new(r.ReadOptionalDomain(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalDomain(Dom);
        w.WriteOptionalString(Event);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// DOMAIN_MONITOR_EVENT (6), one QMP event: {int callbackID; nonnull domain; nonnull string event; hyper seconds;
/// unsigned int micros; optional string details (the event's "data" as JSON text, NULL when it has none)}.
/// </summary>
public readonly record struct QemuMonitorEventMsg(int CallbackId, DomainRef Dom, string Event, long Seconds, uint Micros, string? Details)
    : IXdrRecord<QemuMonitorEventMsg>
{
    public static QemuMonitorEventMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadHyper(), r.ReadUInt(), r.ReadOptionalString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(Event);
        w.WriteHyper(Seconds);
        w.WriteUInt(Micros);
        w.WriteOptionalString(Details);
    }
}
