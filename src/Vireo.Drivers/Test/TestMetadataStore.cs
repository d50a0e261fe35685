using Vireo.Core.Domain;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Test;

/// <summary>The in-memory driver's side of virsh desc / virsh metadata: both definitions live in the registry only.</summary>
internal sealed class TestMetadataStore : IMetadataStore
{
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(30);

    public ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, CancellationToken ct) => dom.Job.AcquireAsync("metadata", dom.Name, JobWait, ct);

    public Task SaveConfigAsync(DomainObject dom, DomainDef config, CancellationToken ct) => Task.CompletedTask;

    public Task SaveLiveAsync(DomainObject dom, DomainDef live, CancellationToken ct)
    {
        dom.Live = live;
        return Task.CompletedTask;
    }
}
