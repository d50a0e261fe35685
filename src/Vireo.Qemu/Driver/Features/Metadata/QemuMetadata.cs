using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Metadata;

/// <summary>
/// virsh desc and virsh metadata on the QEMU driver: the shared rules (<see cref="DomainMetadataService"/>)
/// over this driver's store. The saved definition is written atomically by the config store; the running
/// one goes into the guest's status file, so it survives a daemon restart. Nothing reaches QEMU itself.
/// </summary>
internal sealed class QemuMetadata(DomainChanges changes) : IMetadataStore
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainMetadata>(ctx =>
        new DomainMetadataService(ctx.Registry.GetByUuid, new QemuMetadata(new DomainChanges(ctx)), ctx.Events, VirErrorDomain.Qemu, "qemu"));

    public ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, CancellationToken ct) => changes.JobAsync(dom, "metadata", ct);

    public Task SaveConfigAsync(DomainObject dom, DomainDef config, CancellationToken ct) => changes.Context.Store.SaveConfigAsync(config, ct);

    public Task SaveLiveAsync(DomainObject dom, DomainDef live, CancellationToken ct) =>
        changes.CommitLiveAsync(dom, DomainChanges.Running(dom), live, ct);
}
