using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// domiftune: the &lt;bandwidth&gt; of one NIC, read from and written to the live and/or saved definition.
/// A live change reshapes the running guest's host device with tc (<see cref="NicBandwidth"/>) and is
/// recorded in the status file, so the live XML shows it and a restarted vireod keeps it (the shaping
/// itself lives on the device). Everything is checked before anything changes; a tc failure puts the
/// old shaping back.
/// </summary>
internal sealed class QemuInterfaceParameters(DomainChanges changes) : IDomainInterfaceParameters
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainInterfaceParameters>(ctx => new QemuInterfaceParameters(new DomainChanges(ctx)));

    public ValueTask<IReadOnlyList<TypedParameter>> GetInterfaceParametersAsync(Guid uuid, string device, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        var live = DomainChanges.ReadsLive(dom, flags);
        var def = live ? dom.Live ?? dom.Current : dom.Persistent!;
        var nic = live ? InterfaceTuneChange.Find(def, device) : FindSaved(dom, def, device);
        return ValueTask.FromResult(InterfaceTuneChange.FromBandwidth((nic ?? throw InterfaceTuneChange.Unknown(device)).Bandwidth));
    }

    public void CheckReadable(Guid uuid, ModifyFlags flags) => DomainChanges.ReadsLive(changes.Get(uuid), flags);

    public async ValueTask SetInterfaceParametersAsync(Guid uuid, string device, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var change = InterfaceTuneChange.Parse(parameters);
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "domiftune", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        // libvirt's order: find the NIC in each definition asked for, then refuse a type without shaping.
        var guest = t.Live ? DomainChanges.Running(dom) : null;
        var liveNic = guest is null ? null : InterfaceTuneChange.Find(guest.Live, device) ?? throw InterfaceTuneChange.Unknown(device);
        var savedNic = t.Config ? FindSaved(dom, dom.Persistent!, device) ?? throw InterfaceTuneChange.Unknown(device) : null;
        InterfaceTuneChange.CheckShapeable(liveNic);
        InterfaceTuneChange.CheckShapeable(savedNic);

        DomainDef? config = null;
        if (savedNic is not null)
        {
            var updated = savedNic with { Bandwidth = change.ApplyTo(savedNic.Bandwidth) };
            CheckFloor(updated, device, dom.Name, live: false);
            config = Replace(dom.Persistent!, savedNic, updated);
            DomainValidator.Validate(config);
        }
        if (guest is not null && liveNic is not null)
        {
            var nic = liveNic;
            var updated = nic with { Bandwidth = change.ApplyTo(nic.Bandwidth) };
            CheckFloor(updated, device, dom.Name, live: true);
            var dev = nic.TargetDev ?? throw VirErrors.OperationUnsupported($"Unable to set bandwidth for interface '{device}' of domain '{dom.Name}' because its host device name is unknown", VirErrorDomain.Qemu);
            var netns = NetworkPlacement.NamespaceOf(guest.Live);
            var what = $"interface '{device}' of domain '{dom.Name}'";
            var swapped = BandwidthTcPlan.Swapped(nic.Type);
            try
            {
                await NicBandwidth.ApplyAsync(netns, dev, updated.Bandwidth, swapped, what, changes.Context.Log, ct).ConfigureAwait(false);
                await changes.CommitLiveAsync(dom, guest, Replace(guest.Live, nic, updated), ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A refused tc step leaves the device cleared: the guest gets the limits it had before, not none.
                await RestoreAsync(netns, dev, nic.Bandwidth, swapped, what, e).ConfigureAwait(false);
                throw;
            }
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }

    private async Task RestoreAsync(string? netns, string dev, BandwidthDef? before, bool swapped, string what, Exception failure)
    {
        try
        {
            await NicBandwidth.ApplyAsync(netns, dev, before, swapped, what, changes.Context.Log, CancellationToken.None).ConfigureAwait(false);
        }
        catch (VirException e)
        {
            changes.Context.Log.LogError("{What}: putting the previous bandwidth back after '{Failure}' failed too: {Error}", what, failure.Message, e.Message);
        }
    }

    /// <summary>The saved definition's NIC: by MAC or target dev, else (a running guest's vnetN is not in the saved XML) the MAC of the live NIC with that name.</summary>
    private static InterfaceDef? FindSaved(Drivers.Runtime.DomainObject dom, DomainDef saved, string device) =>
        InterfaceTuneChange.Find(saved, device)
        ?? (dom.Live is { } live && InterfaceTuneChange.Find(live, device) is { Mac: { } mac } ? InterfaceTuneChange.Find(saved, mac.ToString()) : null);

    private static void CheckFloor(InterfaceDef nic, string device, string domain, bool live)
    {
        if (nic.Bandwidth?.Inbound?.Floor is not > 0) return;
        if (nic.Type != InterfaceType.Network)
            throw VirErrors.Unsupported($"cannot set inbound.floor on interface '{device}' of domain '{domain}': 'floor' is only supported for interfaces of type 'network'", VirErrorDomain.Qemu);
        if (live)
            throw VirErrors.Unsupported($"cannot set inbound.floor on interface '{device}' of running domain '{domain}': Vireo does not apply 'floor' yet (it needs QoS on the network's bridge); use --config", VirErrorDomain.Qemu);
    }

    private static DomainDef Replace(DomainDef def, InterfaceDef old, InterfaceDef updated) =>
        def with { Devices = def.Devices with { Interfaces = def.Devices.Interfaces.Select(x => ReferenceEquals(x, old) ? updated : x).ToList() } };
}
