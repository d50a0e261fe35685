using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Numa;

/// <summary>
/// numatune. At start the policy reaches QEMU's memory backends (host-nodes/policy, argv builder) and
/// the guest's cgroups (cpuset.mems, start hook). A running guest can move to other nodes, as libvirt
/// allows, only in strict or restrictive mode and only by nodeset: cpuset.mems of all its groups,
/// with the pages migrated. Every nodeset is checked against the host's nodes first.
/// </summary>
internal sealed class QemuNuma(DomainChanges changes) : IDomainNuma
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainNuma>(ctx => new QemuNuma(new DomainChanges(ctx)));

    public ValueTask<IReadOnlyList<TypedParameter>> GetNumaParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct) =>
        ValueTask.FromResult(NumaChange.FromDefinition(DomainChanges.ReadTarget(changes.Get(uuid), flags).NumaTune));

    public async ValueTask SetNumaParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var change = NumaChange.Parse(parameters);
        var dom = changes.Get(uuid);
        if (change.Nodeset is { } nodes)
            HostResources.Read().CheckNodes(nodes, $"cannot set the NUMA nodeset of domain '{dom.Name}' to {nodes}");
        using var job = await changes.JobAsync(dom, "numatune", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var config = t.Config ? dom.Persistent! with { NumaTune = change.ApplyTo(dom.Persistent!.NumaTune, dom.Name) } : null;
        if (config is not null) DomainValidator.Validate(config);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var mode = guest.Live.NumaTune?.Memory?.Mode ?? NumaMode.Strict;
            if (change.Mode is { } m && m != mode)
                throw VirErrors.Invalid(
                    $"cannot change the NUMA mode of running domain '{dom.Name}' from {NumaChange.Name(mode)} to {NumaChange.Name(m)}: the mode is fixed when it starts (use --config)",
                    VirErrorDomain.Qemu);
            if (change.Nodeset is { } live)
            {
                if (mode is not (NumaMode.Strict or NumaMode.Restrictive))
                    throw VirErrors.Invalid(
                        $"cannot change the NUMA nodeset of running domain '{dom.Name}': its mode is {NumaChange.Name(mode)}, and only strict or restrictive memory can move while it runs",
                        VirErrorDomain.Qemu);
                var cg = changes.Cgroups.Require(guest, "change the NUMA nodeset");
                DomainChanges.Kernel(dom.Name, $"the memory nodes (cpuset.mems {live})", () => cg.SetMems(live.ToString()));
                await changes.CommitLiveAsync(dom, guest, guest.Live with { NumaTune = change.ApplyTo(guest.Live.NumaTune, dom.Name) }, ct).ConfigureAwait(false);
            }
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }
}
