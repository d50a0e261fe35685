using Vireo.Core.Domain;
using Vireo.Platform.Cgroups;
using Vireo.Platform.Processes;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>
/// One guest's cgroups, libvirt's layout: the guest's group holds the process (memory, block I/O and the
/// CPU weight apply to all of it), with per-thread children "emulator" (every thread that is not a vCPU)
/// and "vcpuN" (one vCPU thread each), where pinning and CFS bandwidth apply. Works on v1 (the group
/// exists in each controller's hierarchy) and v2 (threaded children) through Platform's controllers.
/// Cpus and mems are written before anything is attached (an empty cpuset refuses tasks), and a
/// cpuset's cpus are written only for groups that should be narrowed (writing resets the affinity of
/// every thread in it).
/// </summary>
internal sealed class GuestCgroup
{
    private GuestCgroup(CgroupLayout layout, ICgroupController domain, ICgroupController emulator, IReadOnlyList<ICgroupController> vcpus)
    {
        Layout = layout;
        Domain = domain;
        Emulator = emulator;
        Vcpus = vcpus;
    }

    public CgroupLayout Layout { get; }
    public ICgroupController Domain { get; }
    public ICgroupController Emulator { get; }
    public IReadOnlyList<ICgroupController> Vcpus { get; }
    public CgroupVersion Version => Domain.Version;
    public string RelativePath => Domain.RelativePath;

    /// <summary>Creates the groups, writes the plan and moves the process and its threads in.</summary>
    public static GuestCgroup Place(CgroupLayout layout, string relativePath, int pid, IReadOnlyList<int> vcpuThreads, CgroupPlan plan)
    {
        var domain = Platform.Cgroups.Cgroups.Create(relativePath, layout);
        if (plan.Mems is not null || plan.VcpuCpus.Any(c => c is not null) || plan.EmulatorCpus is not null)
            TryMigrate(domain);
        if (plan.Mems is { } m) domain.CpusetMems = m;
        if (plan.Shares is { } shares) domain.CpuShares = shares;
        SetBandwidth(domain, plan.Global);
        if (plan.Memory is { } memory) SetMemoryLimits(domain, Limit.From(memory.HardLimit), Limit.From(memory.SoftLimit), Limit.From(memory.SwapHardLimit));
        if (plan.Blkio is { } blkio) BlkioSettings.Apply(layout, domain, blkio);
        domain.AttachProcess(pid);

        // Children are created after the parent's mems are set: a new cpuset copies its parent's.
        var emulator = domain.CreateThreadGroup("emulator");
        if (plan.Mems is not null) TryMigrate(emulator);
        SetBandwidth(emulator, plan.Emulator);
        var vcpuSet = vcpuThreads.ToHashSet();
        var emulatorThreads = ThreadAffinity.ThreadsOf(pid).Where(t => !vcpuSet.Contains(t)).ToList();
        foreach (var tid in emulatorThreads)
            AttachIfAlive(emulator, tid);
        if (plan.EmulatorCpus is { } ecpus) Pin(emulator, emulatorThreads, ecpus);

        var vcpus = new List<ICgroupController>(vcpuThreads.Count);
        for (var i = 0; i < vcpuThreads.Count; i++)
        {
            var vcpu = domain.CreateThreadGroup($"vcpu{i}");
            if (plan.Mems is not null) TryMigrate(vcpu);
            SetBandwidth(vcpu, plan.Vcpu);
            vcpu.AttachThread(vcpuThreads[i]);
            if (i < plan.VcpuCpus.Count && plan.VcpuCpus[i] is { } cpus) Pin(vcpu, [vcpuThreads[i]], cpus);
            vcpus.Add(vcpu);
        }
        return new GuestCgroup(layout, domain, emulator, vcpus);
    }

    /// <summary>
    /// Pins threads: the group's cpuset.cpus (which sets the affinity of every thread in it), and the
    /// affinity directly, which is all there is where the group has no cpuset controller (e.g. a
    /// unified hierarchy that does not offer it).
    /// </summary>
    public static void Pin(ICgroupController group, IEnumerable<int> threads, CpuSet cpus)
    {
        try
        {
            group.CpusetCpus = cpus.ToString();
        }
        catch (NotSupportedException)
        {
        }
        foreach (var tid in threads)
        {
            try
            {
                ThreadAffinity.Set(tid, cpus);
            }
            catch (Platform.Native.PlatformException e) when (e.Errno == Platform.Native.Errno.ESRCH)
            {
                // the thread ended meanwhile
            }
        }
    }

    /// <summary>The groups of a guest found running after an engine restart (opening creates nothing that exists).</summary>
    public static GuestCgroup Open(CgroupLayout layout, string relativePath, int vcpuCount)
    {
        var domain = Platform.Cgroups.Cgroups.Create(relativePath, layout);
        var vcpus = Enumerable.Range(0, vcpuCount).Select(i => domain.CreateThreadGroup($"vcpu{i}")).ToList();
        return new GuestCgroup(layout, domain, domain.CreateThreadGroup("emulator"), vcpus);
    }

    /// <summary>Every group of the guest, children first.</summary>
    public IEnumerable<ICgroupController> Children => Vcpus.Append(Emulator);

    /// <summary>
    /// New memory nodes for the whole guest, moving its pages (memory_migrate on v1; v2 always moves):
    /// the parent is widened first and narrowed last, since a child's mems must stay within its parent's.
    /// </summary>
    public void SetMems(string mems)
    {
        foreach (var g in Children.Prepend(Domain)) TryMigrate(g);
        var union = Platform.Host.CpuList.Format(Platform.Host.CpuList.Parse(Domain.CpusetMems).Concat(Platform.Host.CpuList.Parse(mems)));
        Domain.CpusetMems = union;
        foreach (var child in Children) child.CpusetMems = mems;
        Domain.CpusetMems = mems;
    }

    /// <summary>CFS bandwidth; a null field keeps the group's current value.</summary>
    public static void SetBandwidth(ICgroupController group, Bandwidth b)
    {
        if (!b.IsSet) return;
        var current = group.CpuBandwidth;
        group.CpuBandwidth = (b.PeriodUs ?? current.PeriodUs, b.QuotaUs ?? current.QuotaUs);
    }

    /// <summary>
    /// Memory limits; a null argument leaves that limit as it is. v1 keeps memsw.limit &gt;= limit at every
    /// step, so when the hard limit grows past the current memory+swap limit, that one is raised first.
    /// </summary>
    public static void SetMemoryLimits(ICgroupController group, Limit? hard, Limit? soft, Limit? swap)
    {
        bool swapFirst = swap is not null && hard is { } h && group.MemorySwapLimit is { } currentSwap && (h.Bytes ?? long.MaxValue) > currentSwap;
        if (swapFirst) group.MemorySwapLimit = swap!.Value.Bytes;
        if (hard is { } hv) group.MemoryLimit = hv.Bytes;
        if (soft is { } sv) group.MemorySoftLimit = sv.Bytes;
        if (swap is { } wv && !swapFirst) group.MemorySwapLimit = wv.Bytes;
    }

    public Task RemoveAsync(CancellationToken ct = default) => Domain.RemoveAsync(ct);

    /// <summary>v1 cpuset.memory_migrate (v2 needs nothing); a host without the cpuset controller has no pages to move.</summary>
    private static void TryMigrate(ICgroupController group)
    {
        try
        {
            group.SetMemoryMigrate(true);
        }
        catch (NotSupportedException)
        {
        }
    }

    /// <summary>A thread that ended between listing and moving (ESRCH) needs no group.</summary>
    private static void AttachIfAlive(ICgroupController group, int tid)
    {
        try
        {
            group.AttachThread(tid);
        }
        catch (Platform.Native.PlatformException e) when (e.Errno == Platform.Native.Errno.ESRCH)
        {
        }
    }
}

/// <summary>A memory limit to write: bytes, or null for unlimited.</summary>
internal readonly record struct Limit(long? Bytes)
{
    public static Limit Unlimited => new(null);

    /// <summary>A configured size (null: not configured, nothing to write).</summary>
    public static Limit? From(MemorySize? size) => size is { } s ? new Limit(checked((long)s.Bytes)) : null;
}
