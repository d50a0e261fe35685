using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Lxc.Driver;
using Vireo.Lxc.Plan;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Cgroups;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Tests.Pure;

public class PlanPartsTests
{
    [Fact]
    public void DefaultPolicyDropsLibvirtsSetUnlessTurnedOn()
    {
        var drop = LinuxCapabilities.ToDrop(null, "c");
        Assert.Equal(["sys_module", "sys_time", "mknod", "audit_control", "mac_admin"], drop.Select(LinuxCapabilities.NameOf));
        var kept = LinuxCapabilities.ToDrop(new CapabilitiesDef { Items = [new("mknod", OnOff.On), new("sys_admin", OnOff.Off)] }, "c");
        Assert.DoesNotContain(27, kept);
        Assert.Contains(21, kept);
    }

    [Fact]
    public void DenyPolicyKeepsOnlyWhatIsTurnedOn()
    {
        var drop = LinuxCapabilities.ToDrop(new CapabilitiesDef { Policy = CapabilityPolicy.Deny, Items = [new("kill", OnOff.On)] }, "c");
        Assert.Equal(LinuxCapabilities.Count - 1, drop.Count);
        Assert.DoesNotContain(5, drop);
    }

    [Fact]
    public void HybridHostsGetV1ViewsAndNoUnifiedMount()
    {
        var layout = new CgroupLayout(new Dictionary<string, string>
        {
            ["memory"] = "/sys/fs/cgroup/memory", ["cpu"] = "/sys/fs/cgroup/cpu", ["pids"] = "/sys/fs/cgroup/pids",
        }, "/sys/fs/cgroup/unified");
        var views = CgroupViews.For(layout, ["memory", "cpu"]);
        Assert.Equal(new PlanCgroupView("tmpfs", "mode=755", "/sys/fs/cgroup"), views[0]);
        Assert.Equal(["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory"], views.Skip(1).Select(v => v.Target));
        Assert.DoesNotContain(views, v => v.Target.EndsWith("unified"));
    }

    [Fact]
    public void UnifiedHostsGetOneCgroup2View()
    {
        var views = CgroupViews.For(new CgroupLayout(new Dictionary<string, string>(), "/sys/fs/cgroup"), []);
        Assert.Equal([new PlanCgroupView("cgroup2", "", "/sys/fs/cgroup")], views);
    }

    [Theory]
    [InlineData("OK 10 11 /dev/pts/3", true, 10, 11, "/dev/pts/3")]
    [InlineData("OK 10 11", true, 10, 11, null)]
    [InlineData("ERR cannot execute the init '/nope' of container 'c': No such file or directory", false, 0, 0, null)]
    [InlineData("garbage", false, 0, 0, null)]
    public void HelperReportsParse(string line, bool ok, int helper, int init, string? pty)
    {
        var r = HelperReport.Parse(line);
        Assert.Equal((ok, helper, init, pty), (r.Ok, r.HelperPid, r.InitPid, r.ConsolePty));
        if (!ok) Assert.False(string.IsNullOrEmpty(r.Error));
    }

    [Theory]
    [InlineData(nameof(StopIntent.Destroy), "signaled 9", ShutoffReason.Destroyed, false)]
    [InlineData(nameof(StopIntent.Shutdown), "signaled 9", ShutoffReason.Shutdown, false)]
    [InlineData(nameof(StopIntent.None), "exited 0", ShutoffReason.Shutdown, false)]
    [InlineData(nameof(StopIntent.None), "exited 3", ShutoffReason.Shutdown, false)]
    [InlineData(nameof(StopIntent.None), "signaled 15", ShutoffReason.Shutdown, false)]
    [InlineData(nameof(StopIntent.None), "signaled 1", ShutoffReason.Shutdown, true)]
    [InlineData(nameof(StopIntent.None), "signaled 9", ShutoffReason.Crashed, false)]
    [InlineData(nameof(StopIntent.None), null, ShutoffReason.Failed, false)]
    public void EndsAreClassifiedAsLibvirtReportsThem(string intent, string? exit, ShutoffReason reason, bool restart)
    {
        var (r, _, again) = LxcRuntime.Classify(Enum.Parse<StopIntent>(intent), InitExit.Parse(exit));
        Assert.Equal((reason, restart), (r, again));
    }

    [Fact]
    public void StatusFilesRoundTrip()
    {
        var s = new ContainerStatus
        {
            Helper = new ProcessIdentity(100, 5000), Init = new ProcessIdentity(101, 5001), CgroupPath = "machine.vireo/lxc-a",
            HostInterfaces = ["vlxabcdef12h0"], ConsolePty = "/dev/pts/7", LiveXml = "<domain type='lxc'><name>a</name></domain>", Transient = true,
        };
        var back = ContainerStatus.Parse(s.Format());
        Assert.Equal(s.Helper, back.Helper);
        Assert.Equal(s.Init, back.Init);
        Assert.Equal(s.CgroupPath, back.CgroupPath);
        Assert.Equal(s.HostInterfaces, back.HostInterfaces);
        Assert.Equal((s.ConsolePty, s.LiveXml, s.Transient), (back.ConsolePty, back.LiveXml, back.Transient));
    }

    [Theory]
    [InlineData("6.18.44-fc-v669", 6018044UL)]
    [InlineData("6.1.0-57-cloud-amd64", 6001000UL)]
    public void KernelReleaseIsTheHypervisorVersion(string release, ulong expected) =>
        Assert.Equal(expected, LxcHost.KernelVersion(release));

    [Fact]
    public void PlanFieldsAreEscaped()
    {
        var text = PlanFormat.Format(new ContainerPlan { Name = "n", Init = "/i", Args = ["a\tb\nc\\d"] });
        Assert.Contains("arg\ta\\tb\\nc\\\\d\n", text);
        Assert.Throws<ArgumentException>(() => PlanFormat.Format(new ContainerPlan { Name = "n", Init = "/i", Args = ["\0"] }));
    }
}
