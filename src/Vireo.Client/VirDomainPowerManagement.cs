using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Guest power management: dompmsuspend (through the guest agent) and dompmwakeup.</summary>
public static class VirDomainPowerManagement
{
    /// <param name="durationSeconds">0: until woken (libvirt 9.0's QEMU driver takes nothing else).</param>
    public static Task PmSuspendAsync(this VirDomain d, PmSuspendTarget target, ulong durationSeconds = 0, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainPmSuspendForDuration, new DomainPmSuspendForDurationArgs(d.Ref, (uint)target, durationSeconds, 0), ct);

    public static Task PmWakeupAsync(this VirDomain d, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainPmWakeup, new DomainFlagsArgs(d.Ref, 0), ct);
}
