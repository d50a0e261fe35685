using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// libvirt's rules for virsh setvcpus, apart from effects: which definitions a call changes, what it refuses
/// (in libvirtd 9.0's words, checked against it), the new definitions, and which vCPUs a live change plugs
/// or unplugs (the plugging itself is <see cref="VcpuHotplug"/>).
/// </summary>
internal static class VcpuChange
{
    /// <summary>
    /// virDomainObjGetDefs: CURRENT means live when running, else config; libvirt's refusals. (The guest
    /// agent's count, <see cref="VcpuModFlags.Guest"/>, is Agent.QemuGuestVcpus, which checks these first too.)
    /// </summary>
    public static ChangeTargets Targets(string name, bool active, bool persistent, VcpuModFlags flags)
    {
        bool live = flags.HasFlag(VcpuModFlags.Live), config = flags.HasFlag(VcpuModFlags.Config);
        if (!live && !config)
        {
            live = active;
            config = !active;
        }
        if (live && !active) throw VirErrors.NotRunning(name);
        if (config && !persistent) throw VirErrors.TransientHasNoConfig();
        return new ChangeTargets(live, config);
    }

    public static uint Maximum(DomainDef def) => def.Vcpu?.Count ?? 1;

    public static uint Current(DomainDef def) => def.Vcpu?.Current ?? Maximum(def);

    /// <summary>qemuDomainSetVcpusMax: the saved maximum; the count online at boot is lowered to it when above.</summary>
    public static DomainDef WithMaximum(DomainDef config, uint max, bool live)
    {
        if (live)
            throw VirErrors.OperationUnsupported("maximum vcpu count of a live domain can't be modified", VirErrorDomain.Qemu);
        var numaCpus = config.Cpu?.NumaCells.Sum(c => c.Cpus?.Count ?? 0) ?? 0;
        if (numaCpus > max)
            throw VirErrors.InvalidArg("Number of CPUs in <numa> exceeds the desired maximum vcpu count", VirErrorDomain.Qemu);
        if (config.Cpu?.Topology is { } t && (ulong)t.Sockets * (t.Dies ?? 1) * t.Cores * t.Threads != max)
            throw VirErrors.InvalidArg("CPU topology doesn't match the desired vcpu count", VirErrorDomain.Qemu);

        var vcpu = Counts(config, max, Math.Min(Current(config), max));
        // libvirt drops the settings of vCPUs that no longer exist (their pins) with them.
        var tune = config.CpuTune is { } ct && ct.VcpuPins.Any(p => p.Vcpu >= max)
            ? ct with { VcpuPins = ct.VcpuPins.Where(p => p.Vcpu < max).ToArray() }
            : config.CpuTune;
        // The per-vCPU states are for the old maximum; the counts describe the new one.
        return config with { Vcpu = vcpu, CpuTune = tune, VcpuSlots = null };
    }

    /// <summary>
    /// The saved count online at boot (qemuDomainSetVcpusConfig). With <paramref name="hotpluggable"/>
    /// (--hotpluggable) the vCPUs it enables are marked hot-pluggable and the definition lists every vCPU
    /// (&lt;vcpus&gt;), as libvirt writes it: they boot as CPU devices, so they can be unplugged later.
    /// </summary>
    public static DomainDef WithCurrent(DomainDef config, uint count, bool hotpluggable = false)
    {
        CheckAtMostMaximum(config, count, "persistent");
        if (hotpluggable)
        {
            var before = config.VcpuSlots ?? Vireo.Qemu.CommandLine.VcpuSlotArgs.SlotsOf(config).Select(s => s with { Order = null }).ToList();
            var marked = before.Select(s => s.Id < count && !s.Enabled && s.Id != 0 ? s with { Hotpluggable = YesNo.Yes } : s).ToList();
            config = config with { VcpuSlots = marked };
        }
        if (config.VcpuSlots is { } slots)
        {
            // libvirt enables the first ones: the saved <vcpus> keeps its hot-pluggable marks, in order.
            var changed = slots.Select(s => s.Id < count
                ? s with { Enabled = true, Order = s.Enabled ? s.Order : null }
                : s with { Enabled = false, Order = null, Hotpluggable = s.Hotpluggable == YesNo.No ? YesNo.Yes : s.Hotpluggable }).ToList();
            return WithSlots(config, changed);
        }
        return config with { Vcpu = Counts(config, Maximum(config), count) };
    }

    /// <summary>libvirt writes current='N' only when it differs from the maximum.</summary>
    private static VcpuDef Counts(DomainDef def, uint max, uint current) =>
        (def.Vcpu ?? new VcpuDef { Count = 1 }) with { Count = max, Current = current == max ? null : current };

    /// <summary>
    /// Which vCPUs a live change plugs (ascending) or unplugs (descending), as libvirt picks them
    /// (qemuDomainSelectHotplugVcpuEntities): the lowest disabled hot-pluggable ones are added, the highest
    /// enabled hot-pluggable ones removed. Asking for the count the guest has plugs nothing.
    /// </summary>
    public static (IReadOnlyList<uint> Plug, IReadOnlyList<uint> Unplug) LivePlan(IReadOnlyList<VcpuSlotDef> slots, uint count)
    {
        var enabled = (uint)slots.Count(s => s.Enabled);
        if (count == enabled) return ([], []);
        if (count > enabled)
        {
            var plug = slots.Where(s => !s.Enabled).TakeWhile(s => s.CanPlug).Take((int)(count - enabled)).Select(s => s.Id).ToList();
            return plug.Count == count - enabled ? (plug, []) : throw NoHotpluggableVcpus();
        }
        var unplug = slots.Where(s => s.Enabled).Reverse().TakeWhile(s => s.CanUnplug).Take((int)(enabled - count)).Select(s => s.Id).ToList();
        return unplug.Count == enabled - count ? ([], unplug) : throw NoHotpluggableVcpus();
    }

    private static VirException NoHotpluggableVcpus() =>
        VirErrors.InvalidArg("failed to find appropriate hotpluggable vcpus to reach the desired target vcpu count", VirErrorDomain.Qemu);

    /// <summary>The live definition once vCPU <paramref name="id"/> was added (enabled, hot-pluggable, brought up last) or removed.</summary>
    public static DomainDef WithSlot(DomainDef live, IReadOnlyList<VcpuSlotDef> slots, uint id, bool enabled)
    {
        var nextOrder = slots.Max(s => s.Order ?? 0) + 1;
        var changed = slots.Select(s => s.Id != id ? s
            : enabled ? s with { Enabled = true, Hotpluggable = YesNo.Yes, Order = nextOrder }
            : s with { Enabled = false, Order = null }).ToList();
        return WithSlots(live, changed);
    }

    /// <summary>The slots and the matching &lt;vcpu current&gt;.</summary>
    public static DomainDef WithSlots(DomainDef def, IReadOnlyList<VcpuSlotDef> slots) =>
        def with { VcpuSlots = slots, Vcpu = Counts(def, Maximum(def), (uint)slots.Count(s => s.Enabled)) };

    /// <summary>libvirt checks the live maximum, then the persistent one, before changing either.</summary>
    public static void CheckAtMostMaximum(DomainDef def, uint count, string which)
    {
        var max = Maximum(def);
        if (count > max)
            throw VirErrors.InvalidArg($"requested vcpus is greater than max allowable vcpus for the {which} domain: {count} > {max}", VirErrorDomain.Qemu);
    }
}
