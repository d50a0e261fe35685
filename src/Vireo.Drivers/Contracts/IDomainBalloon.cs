namespace Vireo.Drivers.Contracts;

/// <summary>
/// The memory balloon's statistics period (virsh dommemstat --period): DOMAIN_SET_MEMORY_STATS_PERIOD.
/// Resizing the balloon is <see cref="IDomainTuning.SetMemoryAsync"/>; reading the statistics is
/// <see cref="IDomainQueries.MemoryStatsAsync"/>.
/// </summary>
public interface IDomainBalloon
{
    /// <summary>Seconds between the guest's statistics updates; 0 stops them. Live: at once; config: &lt;memballoon&gt;&lt;stats period&gt;.</summary>
    ValueTask SetMemoryStatsPeriodAsync(Guid uuid, int seconds, ModifyFlags flags, CancellationToken ct);
}
