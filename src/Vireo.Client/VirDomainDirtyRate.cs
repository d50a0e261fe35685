using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virsh domdirtyrate-calc: starts QEMU's measurement of the guest's memory dirty rate; the result comes in domstats' dirtyrate group.</summary>
public static class VirDomainDirtyRate
{
    /// <param name="seconds">How long to measure, 1 to 60.</param>
    /// <param name="mode">Page sampling (any guest), dirty bitmap or dirty ring (KVM only).</param>
    public static Task StartDirtyRateCalcAsync(this VirDomain d, int seconds, DirtyRateMode mode = DirtyRateMode.PageSampling, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainStartDirtyRateCalc, new DomainIntFlagsArgs(d.Ref, seconds, (uint)mode), ct);
}
