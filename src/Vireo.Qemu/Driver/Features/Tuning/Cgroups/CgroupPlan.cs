using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>CFS bandwidth of one group: null fields are left as the kernel has them.</summary>
internal sealed record Bandwidth(ulong? PeriodUs, long? QuotaUs)
{
    public bool IsSet => PeriodUs is not null || QuotaUs is not null;
}

/// <summary>
/// What a guest's cgroups get at start, read from its definition the way libvirt applies it: memory
/// nodes (strict or restrictive &lt;numatune&gt;), shares and the global bandwidth and memory and block
/// limits on the guest's group; emulatorpin and the emulator bandwidth on "emulator"; vcpupin (or
/// &lt;vcpu cpuset&gt;) and the vCPU bandwidth on each "vcpuN". Pure, apart from <see cref="ApplyAsAffinity"/>.
/// </summary>
internal sealed record CgroupPlan
{
    public string? Mems { get; init; }
    public ulong? Shares { get; init; }
    public Bandwidth Global { get; init; } = new(null, null);
    public Bandwidth Emulator { get; init; } = new(null, null);
    public Bandwidth Vcpu { get; init; } = new(null, null);
    public CpuSet? EmulatorCpus { get; init; }

    /// <summary>Per vCPU (index = vCPU number): its pin, or null for every CPU of the group.</summary>
    public IReadOnlyList<CpuSet?> VcpuCpus { get; init; } = [];

    public MemTuneDef? Memory { get; init; }
    public BlkioTuneDef? Blkio { get; init; }

    /// <summary>The pins as thread affinities, for a guest that runs without a cgroup.</summary>
    public void ApplyAsAffinity(int pid, IReadOnlyList<int> vcpuThreads)
    {
        for (var i = 0; i < vcpuThreads.Count && i < VcpuCpus.Count; i++)
            if (VcpuCpus[i] is { } cpus) Platform.Processes.ThreadAffinity.Set(vcpuThreads[i], cpus);
        if (EmulatorCpus is not { } emulator) return;
        var vcpus = vcpuThreads.ToHashSet();
        foreach (var tid in Platform.Processes.ThreadAffinity.ThreadsOf(pid).Where(t => !vcpus.Contains(t)))
            Platform.Processes.ThreadAffinity.Set(tid, emulator);
    }

    /// <summary>What of the definition needs a cgroup, as the elements a user wrote ("&lt;cputune&gt;&lt;shares&gt;", ...); empty: nothing.</summary>
    public IReadOnlyList<string> Requested { get; init; } = [];

    public static CgroupPlan From(DomainDef def, int vcpus)
    {
        var tune = def.CpuTune;
        var requested = new List<string>();
        string? mems = null;
        if (def.NumaTune?.Memory is { Nodeset: { } nodes, Mode: null or NumaMode.Strict or NumaMode.Restrictive })
        {
            mems = nodes.ToString();
            requested.Add("<numatune><memory nodeset>");
        }
        var pins = new CpuSet?[vcpus];
        for (var i = 0; i < vcpus; i++)
            pins[i] = tune?.VcpuPins.FirstOrDefault(p => p.Vcpu == i)?.CpuSet ?? def.Vcpu?.CpuSet;
        // Pins need no cgroup: without one they become the threads' affinity.
        if (tune?.Shares is not null) requested.Add("<cputune><shares>");
        if (tune?.Period is not null || tune?.Quota is not null) requested.Add("<cputune><period>/<quota>");
        if (tune?.EmulatorPeriod is not null || tune?.EmulatorQuota is not null) requested.Add("<cputune><emulator_period>/<emulator_quota>");
        if (tune?.GlobalPeriod is not null || tune?.GlobalQuota is not null) requested.Add("<cputune><global_period>/<global_quota>");
        var mem = def.MemTune;
        if (mem is { HardLimit: not null } or { SoftLimit: not null } or { SwapHardLimit: not null }) requested.Add("<memtune>");
        var blkio = def.BlkioTune;
        if (blkio is { Weight: not null } || blkio?.Devices.Count > 0) requested.Add("<blkiotune>");
        return new CgroupPlan
        {
            Mems = mems,
            Shares = tune?.Shares,
            Global = new(tune?.GlobalPeriod, tune?.GlobalQuota),
            Emulator = new(tune?.EmulatorPeriod, tune?.EmulatorQuota),
            Vcpu = new(tune?.Period, tune?.Quota),
            // libvirt: the emulator threads follow <emulatorpin>, else <vcpu cpuset>.
            EmulatorCpus = tune?.EmulatorPin ?? def.Vcpu?.CpuSet,
            VcpuCpus = pins,
            Memory = mem,
            Blkio = blkio,
            Requested = requested,
        };
    }
}
