using Vireo.Core.Domain;
using Vireo.Drivers.Runtime;

namespace Vireo.Lxc.Driver;

/// <summary>
/// virsh desc and virsh metadata for containers: the shared rules (<see cref="DomainMetadataService"/>) over
/// the container store. The saved definition is written atomically; the running one is kept in memory, as
/// the driver keeps its other live changes (tuning).
/// </summary>
internal sealed class LxcMetadata(LxcRuntime rt) : IMetadataStore
{
    public static DomainMetadataService Create(LxcRuntime rt) =>
        new(rt.Get, new LxcMetadata(rt), rt.Events, Core.Errors.VirErrorDomain.Lxc, "lxc");

    public ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, CancellationToken ct) => rt.JobAsync(dom, "metadata", ct);

    public Task SaveConfigAsync(DomainObject dom, DomainDef config, CancellationToken ct) => rt.Store.WriteConfigAsync(config, ct);

    public Task SaveLiveAsync(DomainObject dom, DomainDef live, CancellationToken ct)
    {
        dom.Live = live;
        return Task.CompletedTask;
    }
}
