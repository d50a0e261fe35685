using Vireo.Core.State;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// libvirt-qemu's pass-through to a running guest's QEMU (virsh qemu-monitor-command, qemu-agent-command,
/// qemu-monitor-event): raw QMP or HMP commands, raw guest agent commands, and every QMP event of every guest.
/// Using the monitor or the agent this way marks the guest tainted (custom-monitor, custom-ga-command), as
/// libvirt does: the driver no longer knows everything about its state.
/// </summary>
public interface IDomainQemuMonitor
{
    /// <summary>
    /// Runs <paramref name="command"/> on the domain's monitor: QMP JSON (the answer is QEMU's whole reply
    /// object as JSON text, a QMP error included) or, with <paramref name="hmp"/>, human-monitor text (the
    /// answer is QEMU's text). <paramref name="function"/> names libvirt's driver function in flag errors.
    /// </summary>
    ValueTask<string> MonitorCommandAsync(Guid uuid, string command, uint flags, string function, CancellationToken ct);

    /// <summary>
    /// Sends <paramref name="command"/> (JSON) to the guest agent and answers its whole reply as JSON text;
    /// the agent's error is an error. <paramref name="timeoutSeconds"/>: -2 wait for ever, -1 the default,
    /// 0 do not wait (the command is sent; libvirt's "not available for now"), above 0 seconds.
    /// </summary>
    ValueTask<string> AgentCommandAsync(Guid uuid, string command, int timeoutSeconds, uint flags, CancellationToken ct);

    /// <summary>Every QMP event of every running guest, until the subscription is disposed. Raised on the guest's event pump: do not block.</summary>
    IDisposable SubscribeMonitorEvents(Action<QemuMonitorEvent> handler);
}

/// <summary>One QMP event as QEMU sent it: its name, QEMU's timestamp, and its "data" as JSON text (null when it has none).</summary>
public sealed record QemuMonitorEvent(DomainRef Domain, string Name, long Seconds, uint Micros, string? Details);
