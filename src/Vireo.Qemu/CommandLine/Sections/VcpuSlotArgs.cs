using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Where each vCPU sits in QEMU's x86 topology and how a hot-pluggable one is named: the properties of
/// the CPU device (socket-id, die-id, core-id, thread-id, as query-hotpluggable-cpus lists them), its QOM
/// type (MODEL-x86_64-cpu) and libvirt's alias (vcpuN). Shared by the command line (a hot-pluggable vCPU
/// enabled at boot is a -device) and by live hot-plug (device_add). Pure.
/// </summary>
public static class VcpuSlotArgs
{
    /// <summary>libvirt's alias of hot-pluggable vCPU N, which QEMU also uses in its QOM path (/machine/peripheral/vcpuN).</summary>
    public static string Alias(uint vcpu) => $"vcpu{vcpu}";

    /// <summary>The QOM type of a CPU of the given -cpu model on x86_64.</summary>
    public static string CpuType(string model) => $"{model}-x86_64-cpu";

    /// <summary>
    /// QEMU's placement of vCPU index N (x86_topo_ids_from_idx): threads vary fastest, then cores, dies and
    /// sockets. die-id is given only when the domain names dies, as QEMU lists it only then.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, uint>> TopologyProps(DomainDef def, uint vcpu)
    {
        var t = def.Cpu?.Topology;
        uint threads = t?.Threads ?? 1, cores = t?.Cores ?? 1, dies = t?.Dies ?? 1;
        var props = new List<KeyValuePair<string, uint>> { new("socket-id", vcpu / (threads * cores * dies)) };
        if (t?.Dies is not null) props.Add(new("die-id", vcpu / (threads * cores) % dies));
        props.Add(new("core-id", vcpu / threads % cores));
        props.Add(new("thread-id", vcpu % threads));
        return props;
    }

    /// <summary>
    /// The slots as the running guest starts: every vCPU listed (from &lt;vcpus&gt;, or, without it, the first
    /// current ones enabled and not hot-pluggable, the rest disabled and hot-pluggable, as libvirt reports
    /// them once a live change makes it list them).
    /// </summary>
    public static IReadOnlyList<VcpuSlotDef> SlotsOf(DomainDef def)
    {
        if (def.VcpuSlots is { } slots) return slots;
        uint max = def.Vcpu?.Count ?? 1, current = def.Vcpu?.Current ?? max;
        return Enumerable.Range(0, (int)max).Select(i => (uint)i < current
            ? new VcpuSlotDef((uint)i, true, YesNo.No, (uint)i + 1)
            : new VcpuSlotDef((uint)i, false, YesNo.Yes)).ToList();
    }

    /// <summary>
    /// Why vireod cannot run these slots, or null: QEMU creates the vCPUs of -smp as the first ones, so the
    /// enabled vCPUs that are not hot-pluggable must be 0..k-1; and vireod keeps the vCPUs present in the
    /// guest numbered 0..n-1 (its per-vCPU threads, pins and cgroups are indexed so), so the enabled ones
    /// must come before the disabled ones.
    /// </summary>
    public static string? Unrunnable(IReadOnlyList<VcpuSlotDef> slots)
    {
        var firstDisabled = slots.FirstOrDefault(s => !s.Enabled);
        if (firstDisabled is not null && slots.FirstOrDefault(s => s.Enabled && s.Id > firstDisabled.Id) is { } later)
            return $"vCPU {later.Id} is enabled while vCPU {firstDisabled.Id} is not; vireod needs the enabled vCPUs to be the first ones";
        var firstPluggable = slots.FirstOrDefault(s => s.Enabled && s.Hotpluggable == YesNo.Yes);
        if (firstPluggable is not null && slots.FirstOrDefault(s => s.Enabled && s.Hotpluggable != YesNo.Yes && s.Id > firstPluggable.Id) is { } fixedLater)
            return $"vCPU {fixedLater.Id} is not hot-pluggable but comes after hot-pluggable vCPU {firstPluggable.Id}; QEMU creates the vCPUs that are not hot-pluggable first";
        if (slots.Count > 0 && slots[0].Hotpluggable == YesNo.Yes)
            return "vCPU 0 is hot-pluggable; the first vCPU never is";
        return null;
    }
}
