using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;
using Vireo.Platform.Cgroups;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>
/// A guest's cgroups over its life: placed before any guest code runs (with the definition's tuning
/// applied), found again by an engine that restarts while the guest runs, removed when the guest ends;
/// and the same layout on the unified (v2) hierarchy with threaded children.
/// </summary>
public sealed class CgroupLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Tuned(string xml) => xml.Replace("<vcpu>1</vcpu>",
        "<vcpu>2</vcpu><cputune><shares>300</shares><vcpupin vcpu='1' cpuset='0'/><quota>30000</quota></cputune>" +
        "<memtune><hard_limit unit='MiB'>1024</hard_limit></memtune>", StringComparison.Ordinal);

    [Fact]
    public async Task StartTuning_IsInTheCgroupsBeforeTheGuestRuns_AndDestroyRemovesThem()
    {
        using var root = new TempRoot();
        await using var engine = await Engine.StartAsync(root.Path);
        var name = DemoKit.UniqueName("cg");
        var dom = await engine.DefineAndStartAsync(name, Tuned);
        var guest = engine.Driver.Registry.GetByUuid(dom.Uuid).Handle as Vireo.Qemu.Driver.GuestProcess;
        Assert.NotNull(guest);
        var pid = guest.Process.Pid;
        var group = CgroupFiles.GroupOf(pid, pid, "cpu");
        Assert.EndsWith("/emulator", group);
        group = group[..^"/emulator".Length];
        Assert.StartsWith($"{Vireo.Platform.Cgroups.Cgroups.MachineParent}/qemu-{dom.Id}-{name}", group);
        try
        {
            Assert.Equal("300", CgroupFiles.Read("cpu", group, "cpu.shares"));
            Assert.Equal("30000", CgroupFiles.Read("cpu", $"{group}/vcpu0", "cpu.cfs_quota_us"));
            Assert.Equal("0", CgroupFiles.Read("cpuset", $"{group}/vcpu1", "cpuset.cpus"));
            Assert.Equal("0", CgroupFiles.CpusAllowed(pid, guest.VcpuThreads[1]));
            Assert.Equal((1024L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), CgroupFiles.Read("memory", group, "memory.limit_in_bytes"));
            Assert.Equal(group, CgroupFiles.GroupOf(pid, pid, "memory")); // memory is accounted for the whole guest
        }
        finally
        {
            await engine.DestroyAllAsync();
        }
        foreach (var controller in new[] { "cpu", "cpuset", "memory" })
            Assert.False(Directory.Exists(CgroupFiles.V1(controller, group)), $"{controller} group {group} is still there");
    }

    [Fact]
    public async Task AnEngineThatRestarts_FindsTheGroupsAgain_AndLiveTuningStillReachesThem()
    {
        using var root = new TempRoot();
        var name = DemoKit.UniqueName("cgre");
        Guid uuid;
        await using (var first = await Engine.StartAsync(root.Path))
            uuid = (await first.DefineAndStartAsync(name, Tuned)).Uuid;

        string group;
        await using (var second = await Engine.StartAsync(root.Path))
        {
            var guest = (Vireo.Qemu.Driver.GuestProcess)second.Driver.Registry.GetByUuid(uuid).Handle!;
            group = CgroupFiles.GroupOf(guest.Process.Pid, guest.VcpuThreads[0], "cpu");
            group = group[..group.LastIndexOf('/')];
            var tuning = second.Driver.Feature<IDomainTuning>()!;
            await tuning.SetSchedulerParametersAsync(uuid, [TypedParameter.ULLong(TuningParams.CpuShares, 777)], ModifyFlags.Live, Ct);
            Assert.Equal("777", CgroupFiles.Read("cpu", group, "cpu.shares"));
            await second.Driver.Feature<IDomainCpuPinning>()!.PinVcpuAsync(uuid, 0, [false, true], ModifyFlags.Live, Ct);
            Assert.Equal("1", CgroupFiles.Read("cpuset", $"{group}/vcpu0", "cpuset.cpus"));
            var shown = await tuning.GetSchedulerParametersAsync(uuid, ModifyFlags.Live, Ct);
            Assert.Equal(777UL, shown.Single(p => p.Field == TuningParams.CpuShares).AsULong);
        }

        // The live changes survive another restart (they are in the status file), and the end removes the groups.
        await using var third = await Engine.StartAsync(root.Path);
        try
        {
            Assert.Contains("<shares>777</shares>", third.Domains.Xml(uuid, XmlFlags.None));
            Assert.Contains("<vcpupin vcpu='0' cpuset='1'/>", third.Domains.Xml(uuid, XmlFlags.None));
        }
        finally
        {
            await third.DestroyAllAsync();
        }
        Assert.False(Directory.Exists(CgroupFiles.V1("cpu", group)), $"{group} is still there");
    }

    [Fact]
    public async Task OnTheUnifiedHierarchy_VcpuThreadsLiveInThreadedChildren_AndPinsStillApply()
    {
        Assert.SkipWhen(CgroupFiles.Layout.UnifiedMount is null, "no cgroup2 hierarchy is mounted on this host");
        using var root = new TempRoot();
        await using var engine = await Engine.StartAsync(root.Path);
        var v2 = CgroupFiles.Layout with { V1Mounts = new Dictionary<string, string>() };
        ((QemuTuning)engine.Driver.Feature<IDomainTuning>()!).Cgroups.Layout = v2;
        var name = DemoKit.UniqueName("cgv2");
        var dom = await engine.DefineAndStartAsync(name, x => x.Replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu><cputune><vcpupin vcpu='1' cpuset='0'/></cputune>", StringComparison.Ordinal));
        var guest = (Vireo.Qemu.Driver.GuestProcess)engine.Driver.Registry.GetByUuid(dom.Uuid).Handle!;
        var pid = guest.Process.Pid;
        var group = CgroupFiles.GroupOf(pid, guest.VcpuThreads[0], "");
        Assert.EndsWith("/vcpu0", group);
        group = group[..^"/vcpu0".Length];
        var dir = Path.Combine(v2.UnifiedMount!, group);
        try
        {
            Assert.Equal($"{group}/vcpu1", CgroupFiles.GroupOf(pid, guest.VcpuThreads[1], ""));
            Assert.Equal($"{group}/emulator", CgroupFiles.GroupOf(pid, pid, ""));
            Assert.Equal("threaded", File.ReadAllText(Path.Combine(dir, "vcpu0", "cgroup.type")).Trim());
            Assert.Equal("domain threaded", File.ReadAllText(Path.Combine(dir, "cgroup.type")).Trim());
            Assert.Equal("0", CgroupFiles.CpusAllowed(pid, guest.VcpuThreads[1])); // the pin, without or with a cpuset controller
            var cpuset = File.ReadAllText(Path.Combine(v2.UnifiedMount!, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries).Contains("cpuset");
            if (cpuset) Assert.Equal("0", File.ReadAllText(Path.Combine(dir, "vcpu1", "cpuset.cpus")).Trim());

            await engine.Driver.Feature<IDomainCpuPinning>()!.PinVcpuAsync(dom.Uuid, 0, [false, true], ModifyFlags.Live, Ct);
            Assert.Equal("1", CgroupFiles.CpusAllowed(pid, guest.VcpuThreads[0]));
        }
        finally
        {
            await engine.DestroyAllAsync();
        }
        Assert.False(Directory.Exists(dir), $"{dir} is still there");
    }
}
