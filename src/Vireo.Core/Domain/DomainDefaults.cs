namespace Vireo.Core.Domain;

/// <summary>
/// Fills in what libvirt fills in after parsing (its post-parse step), kept apart from parsing so that a
/// complete document round-trips unchanged. Pure: the generators are passed in, so tests are deterministic.
/// </summary>
public static class DomainDefaults
{
    /// <summary>Applies the defaults with a random UUID and random 52:54:00 MAC addresses.</summary>
    public static DomainDef Apply(DomainDef def) => Apply(def, Guid.NewGuid, RandomMacs(Random.Shared));

    /// <summary>
    /// uuid and an empty genid get newUuid(); interfaces without a MAC get newMac() (skipping any already in the
    /// domain); memory comes from the NUMA cells when absent; currentMemory defaults to memory; a missing
    /// &lt;vcpu&gt; means one vCPU; vcpu current is dropped when it equals the maximum (libvirt writes it only when
    /// some vCPUs are offline; readers take an absent current as the maximum); vcpu placement defaults to static
    /// (auto when numatune asks for automatic placement); a given &lt;iothreadids&gt; list is completed to &lt;iothreads&gt;;
    /// &lt;clock offset='utc'&gt; and the lifecycle actions destroy/restart/destroy are filled in (libvirt always writes
    /// them); a CPU topology without dies gets dies='1', as libvirt's parser sets it.
    /// </summary>
    public static DomainDef Apply(DomainDef def, Func<Guid> newUuid, Func<MacAddress> newMac)
    {
        var memory = def.Memory ?? NumaTotal(def.Cpu);
        var vcpu = def.Vcpu ?? new VcpuDef { Count = 1 };
        var autoPlacement = def.NumaTune?.Memory?.Placement == Placement.Auto;
        def = IoThreadSet.Completed(def);
        return def with
        {
            Uuid = def.Uuid == Guid.Empty ? newUuid() : def.Uuid,
            GenId = def.GenId is { Value: null } ? new GenerationId(newUuid()) : def.GenId,
            Memory = memory,
            CurrentMemory = def.CurrentMemory ?? memory,
            Vcpu = vcpu with
            {
                Current = vcpu.Current == vcpu.Count ? null : vcpu.Current,
                Placement = vcpu.Placement ?? (autoPlacement ? Placement.Auto : Placement.Static),
            },
            Cpu = def.Cpu is { Topology: { Dies: null } topology } cpu ? cpu with { Topology = topology with { Dies = 1 } } : def.Cpu,
            Clock = def.Clock ?? new ClockDef(),
            OnPoweroff = def.OnPoweroff ?? LifecycleAction.Destroy,
            OnReboot = def.OnReboot ?? LifecycleAction.Restart,
            OnCrash = def.OnCrash ?? LifecycleAction.Destroy,
            Devices = def.Devices with { Interfaces = AssignMacs(def.Devices.Interfaces, newMac) },
        };
    }

    /// <summary>A generator of locally administered addresses in QEMU's 52:54:00 range, as libvirt makes them.</summary>
    public static Func<MacAddress> RandomMacs(Random random) => () =>
    {
        Span<byte> bytes = stackalloc byte[6];
        MacAddress.QemuPrefix.CopyTo(bytes);
        random.NextBytes(bytes[3..]);
        return new MacAddress(bytes);
    };

    private static MemorySize? NumaTotal(CpuDef? cpu) =>
        cpu is null || cpu.NumaCells.Count == 0 ? null : new MemorySize(cpu.NumaCells.Aggregate(0UL, (sum, c) => sum + c.Memory.KiB));

    private static IReadOnlyList<InterfaceDef> AssignMacs(IReadOnlyList<InterfaceDef> interfaces, Func<MacAddress> newMac)
    {
        if (interfaces.All(i => i.Mac is not null)) return interfaces;
        var used = interfaces.Where(i => i.Mac is not null).Select(i => i.Mac!.Value).ToHashSet();
        return interfaces.Select(i =>
        {
            if (i.Mac is not null) return i;
            MacAddress mac;
            int attempts = 0;
            do
            {
                mac = newMac();
                if (++attempts > 1000) throw new InvalidOperationException("The MAC address generator keeps returning addresses already in use.");
            }
            while (!used.Add(mac));
            return i with { Mac = mac };
        }).ToList();
    }
}
