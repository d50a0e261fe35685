using Microsoft.Win32.SafeHandles;
using Vireo.Lxc.Entry;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Tests.Pure;

/// <summary>What `vireo lxc-enter-namespace` asks the helper to do: which cgroups to join, which namespace files to enter.</summary>
public class ContainerEntryTests
{
    // /proc/PID/cgroup of a container's init on this project's hybrid host (v1 controllers, empty cgroup2).
    private const string HybridInit = """
        9:name=systemd:/
        8:pids:/machine.vireo/lxc-web
        7:blkio:/machine.vireo/lxc-web
        4:memory:/machine.vireo/lxc-web
        2:cpuacct:/machine.vireo/lxc-web
        1:cpu:/machine.vireo/lxc-web
        0::/
        """;

    private static readonly CgroupLayout Hybrid = new(new Dictionary<string, string>
    {
        ["cpu"] = "/sys/fs/cgroup/cpu", ["cpuacct"] = "/sys/fs/cgroup/cpuacct", ["memory"] = "/sys/fs/cgroup/memory",
        ["blkio"] = "/sys/fs/cgroup/blkio", ["pids"] = "/sys/fs/cgroup/pids",
    }, "/sys/fs/cgroup/unified");

    [Fact]
    public void OnAHybridHostEveryV1HierarchyIsJoinedAndTheControllerlessCgroup2IsNot()
    {
        Assert.Equal(
        [
            "/sys/fs/cgroup/pids/machine.vireo/lxc-web/cgroup.procs",
            "/sys/fs/cgroup/blkio/machine.vireo/lxc-web/cgroup.procs",
            "/sys/fs/cgroup/memory/machine.vireo/lxc-web/cgroup.procs",
            "/sys/fs/cgroup/cpuacct/machine.vireo/lxc-web/cgroup.procs",
            "/sys/fs/cgroup/cpu/machine.vireo/lxc-web/cgroup.procs",
        ], ContainerEntry.CgroupProcsFiles(HybridInit, Hybrid));
    }

    [Fact]
    public void CoMountedControllersAreJoinedOnce()
    {
        var layout = new CgroupLayout(new Dictionary<string, string>
        {
            ["cpu"] = "/sys/fs/cgroup/cpu,cpuacct", ["cpuacct"] = "/sys/fs/cgroup/cpu,cpuacct", ["memory"] = "/sys/fs/cgroup/memory",
        }, null);
        Assert.Equal(
            ["/sys/fs/cgroup/cpu,cpuacct/machine.vireo/lxc-a/cgroup.procs", "/sys/fs/cgroup/memory/machine.vireo/lxc-a/cgroup.procs"],
            ContainerEntry.CgroupProcsFiles("3:cpu,cpuacct:/machine.vireo/lxc-a\n2:memory:/machine.vireo/lxc-a\n", layout));
    }

    [Fact]
    public void OnAUnifiedHostTheOneGroupIsJoined()
    {
        var layout = new CgroupLayout(new Dictionary<string, string>(), "/sys/fs/cgroup");
        Assert.Equal(["/sys/fs/cgroup/machine.vireo/lxc-b/cgroup.procs"],
            ContainerEntry.CgroupProcsFiles("0::/machine.vireo/lxc-b\n", layout));
    }

    [Fact]
    public void TheHelperOpensTheCallersDescriptorsThroughProcAndRunsTheCommandAfterTheSeparator()
    {
        using var a = new SafeFileHandle(7, ownsHandle: false);
        using var b = new SafeFileHandle(9, ownsHandle: false);
        Assert.Equal(
            ["enter-ns", "--ns", "/proc/4242/fd/7", "--ns", "/proc/4242/fd/9", "--caps-of", "1234",
             "--cgroup", "/sys/fs/cgroup/memory/x/cgroup.procs", "--", "/bin/sh", "-c", "echo --ns"],
            ContainerEntry.HelperArguments(4242, [a, b], 1234, ["/sys/fs/cgroup/memory/x/cgroup.procs"], ["/bin/sh", "-c", "echo --ns"]));
        Assert.Throws<ArgumentException>(() => ContainerEntry.HelperArguments(1, [a], 2, [], []));
    }
}
