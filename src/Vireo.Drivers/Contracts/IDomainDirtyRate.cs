namespace Vireo.Drivers.Contracts;

/// <summary>How QEMU measures a guest's memory dirty rate: virDomainDirtyRateCalcFlags (page sampling is 0).</summary>
public enum DirtyRateMode
{
    PageSampling = 0,
    DirtyBitmap = 1,
    DirtyRing = 2,
}

/// <summary>
/// DOMAIN_START_DIRTY_RATE_CALC (virsh domdirtyrate-calc): starts QEMU's measurement of how fast the running guest
/// dirties its memory, over <c>seconds</c> (1-60) and returns at once; the result is read afterwards through
/// domstats' dirtyrate group (dirtyrate.calc_status, ..., dirtyrate.megabytes_per_second).
/// </summary>
public interface IDomainDirtyRate
{
    ValueTask StartDirtyRateCalcAsync(Guid uuid, int seconds, DirtyRateMode mode, CancellationToken ct);
}
