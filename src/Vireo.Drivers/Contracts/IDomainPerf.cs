using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// A domain's host perf events (virsh perf): DOMAIN_GET_PERF_EVENTS answers every event libvirt knows as a boolean
/// typed parameter named after it (live: whether its counter is open; config: the saved &lt;perf&gt;);
/// DOMAIN_SET_PERF_EVENTS enables or disables the events given (boolean parameters), live and/or in the saved
/// definition. Enabled events' counts appear in domstats as perf.NAME.
/// </summary>
public interface IDomainPerf
{
    ValueTask<IReadOnlyList<TypedParameter>> GetPerfEventsAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask SetPerfEventsAsync(Guid uuid, IReadOnlyList<TypedParameter> events, ModifyFlags flags, CancellationToken ct);
}
