using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// libvirt's rules for virsh setvcpu (qemuDomainSetVcpu), apart from effects: which vCPUs a call names, what it
/// refuses (libvirtd 9.0's sentences, checked against it), which vCPU a live change plugs or unplugs, and the
/// saved &lt;vcpus&gt; after a --config change. Beyond libvirt, vireod refuses a change after which the vCPUs
/// present (live) or enabled at boot (config) would not be the first ones: it numbers the vCPU threads, pins
/// and cgroups of a running guest 0..N-1 (<see cref="VcpuSlotArgs.Unrunnable"/>).
/// </summary>
internal static class VcpuSelection
{
    /// <summary>The vCPU ids of the call, after libvirt's checks of the state and the list.</summary>
    public static IReadOnlyList<int> Parse(string cpuList, int state)
    {
        if (state is not (0 or 1)) throw VirErrors.InvalidArgSentence("unsupported state value", VirErrorDomain.Qemu);
        var ids = LibvirtBitmap.Parse(cpuList, Agent.GuestCpus.BitmapSize);
        return ids.Count > 0 ? ids : throw VirErrors.InvalidArg("no vcpus selected for modification", VirErrorDomain.Qemu);
    }

    /// <summary>The highest id must be a vCPU of the definition (<paramref name="which"/>: "persistent" or "live").</summary>
    public static void CheckPresent(DomainDef def, IReadOnlyList<int> ids, string which)
    {
        if (ids[^1] >= VcpuChange.Maximum(def))
            throw VirErrors.InvalidArg($"vcpu {ids[^1]} is not present in {which} config", VirErrorDomain.Qemu);
    }

    /// <summary>
    /// qemuDomainFilterHotplugVcpuEntities and the one-entity rule: each named vCPU must change state and, to
    /// go, be hot-pluggable; a live call changes exactly one (on x86 every vCPU is its own entity).
    /// </summary>
    public static (IReadOnlyList<uint> Plug, IReadOnlyList<uint> Unplug) LivePlan(DomainDef live, IReadOnlyList<int> ids, bool enable)
    {
        var slots = VcpuSlotArgs.SlotsOf(live);
        foreach (var slot in ids.Select(id => slots.First(s => s.Id == id)))
        {
            if (slot.Enabled == enable)
                throw VirErrors.InvalidArg($"vcpu '{slot.Id}' is already in requested state", VirErrorDomain.Qemu);
            if (slot.Enabled && !slot.CanUnplug)
                throw VirErrors.OperationUnsupported($"vcpu '{slot.Id}' can't be unplugged", VirErrorDomain.Qemu);
        }
        if (ids.Count != 1)
            throw VirErrors.OperationUnsupported("only one hotpluggable entity can be selected", VirErrorDomain.Qemu);
        var id = (uint)ids[0];
        var after = slots.Select(s => s.Id == id ? s with { Enabled = enable } : s).ToList();
        if (VcpuSlotArgs.Unrunnable(after) is { } why)
            throw VirErrors.OperationUnsupported(
                $"cannot {(enable ? "enable" : "disable")} vCPU {id} of running domain '{live.Name}': {why} ({(enable ? "enable the lower ones first" : "disable the higher ones first")})",
                VirErrorDomain.Qemu);
        return enable ? ([id], []) : ([], [id]);
    }

    /// <summary>
    /// The saved definition after --config (qemuDomainVcpuValidateConfig, qemuDomainSetVcpuConfig): vCPU 0 is
    /// never named, no vCPU after the first named one may stay enabled and not hot-pluggable; the named ones
    /// become hot-pluggable and enabled or disabled, every order is dropped, &lt;vcpu current&gt; follows.
    /// </summary>
    public static DomainDef WithConfig(DomainDef config, IReadOnlyList<int> ids, bool enable)
    {
        if (ids[0] == 0) throw VirErrors.InvalidArg("vCPU '0' can't be modified", VirErrorDomain.Qemu);
        var named = ids.Select(i => (uint)i).ToHashSet();
        var slots = VcpuSlotArgs.SlotsOf(config);
        if (slots.FirstOrDefault(s => s.Id > ids[0] && !named.Contains(s.Id) && s.Enabled && s.Hotpluggable == YesNo.No) is not null)
            throw VirErrors.InvalidArg($"vcpu '{ids[0]}' can't be modified as it is followed by non-hotpluggable online vcpus", VirErrorDomain.Qemu);
        var changed = slots.Select(s => named.Contains(s.Id)
            ? s with { Enabled = enable, Hotpluggable = YesNo.Yes, Order = null }
            : s with { Order = null }).ToList();
        if (VcpuSlotArgs.Unrunnable(changed) is { } why)
            throw VirErrors.OperationUnsupported(
                $"cannot {(enable ? "enable" : "disable")} vCPU {LibvirtBitmap.Format(ids)} in the saved definition of domain '{config.Name}': it could not start then: {why}",
                VirErrorDomain.Qemu);
        return VcpuChange.WithSlots(config, changed);
    }
}
