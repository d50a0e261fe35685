using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;
using Vireo.Platform.Host;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>
/// &lt;numatune&gt; at start (QEMU's memory backends and the guest's cpuset.mems), numatune on the
/// running guest, guest NUMA cells as the guest itself sees them, and the host's nodes refused clearly.
/// </summary>
[Collection(TuningGuestCollection.Name)]
public sealed class NumaTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;
    private static string HostNodes => CpuList.Format(NumaTopology.Read().Select(n => n.Id));

    [Fact]
    public async Task Numatune_AtStart_ReachesQemusMemoryBackendsAndTheCgroup()
    {
        var memdevs = (JsonArray)(await Rig.QmpAsync(g.Domain.Uuid, Vireo.Qemu.Qmp.QmpCommands.QueryMemdev()))!;
        Assert.Equal(2, memdevs.Count); // one backend per guest cell
        foreach (var m in memdevs)
        {
            Assert.Equal("bind", (string?)m!["policy"]);
            Assert.Equal([0], m["host-nodes"]!.AsArray().Select(n => (int)n!).ToArray());
            Assert.Equal(128L * 1024 * 1024, (long)m["size"]!);
        }
        Assert.Equal("0", CgroupFiles.Read("cpuset", g.CgroupPath, "cpuset.mems"));
        Assert.Equal("1", CgroupFiles.Read("cpuset", g.CgroupPath, "cpuset.memory_migrate"));
        var shown = await Rig.VirshOkAsync("numatune", g.Name);
        Assert.Matches(@"numa_mode\s*:\s*strict", shown);
        Assert.Matches(@"numa_nodeset\s*:\s*0\b", shown);
    }

    [Fact]
    public async Task GuestNumaCells_AreSeenByTheGuest_WithTheirCpusAndDistances()
    {
        Assert.Equal("node0 node1", (await g.Console.RunAsync("ls -d /sys/devices/system/node/node* | xargs -n1 basename | tr '\\n' ' '")).Trim());
        Assert.Equal("10 20", (await g.Console.RunAsync("cat /sys/devices/system/node/node0/distance")).Trim());
        Assert.Equal("20 10", (await g.Console.RunAsync("cat /sys/devices/system/node/node1/distance")).Trim());
        Assert.Equal("1", (await g.Console.RunAsync("cat /sys/devices/system/node/node1/cpulist")).Trim());
    }

    [Fact]
    public async Task NumatuneLive_OnAHostNode_RewritesCpusetMemsOfEveryGroup()
    {
        await Rig.VirshOkAsync("numatune", g.Name, "--nodeset", "0", "--live");
        foreach (var group in new[] { "", "/emulator", "/vcpu0", "/vcpu1" })
        {
            Assert.Equal("0", CgroupFiles.Read("cpuset", g.CgroupPath + group, "cpuset.mems"));
            Assert.Equal("1", CgroupFiles.Read("cpuset", g.CgroupPath + group, "cpuset.memory_migrate"));
        }
        Assert.Matches("<memory mode='strict' nodeset='0'( placement='static')?/>", await Rig.VirshOkAsync("dumpxml", g.Name));
        Expect.Contains("numa-ok", await g.Console.RunAsync("echo numa-ok"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0-1")]
    public async Task Numatune_WithANodeTheHostLacks_IsRefusedNamingTheHostsNodes(string nodeset)
    {
        Assert.SkipWhen(NumaTopology.Read().Any(n => n.Id == 1), "this host has a NUMA node 1");
        foreach (var mode in new[] { "--live", "--config" })
        {
            var error = await Rig.VirshFailsAsync("numatune", g.Name, "--nodeset", nodeset, mode);
            Expect.Contains($"nodeset {nodeset} includes node 1, which this host does not have (host nodes: {HostNodes})", error);
        }
        Assert.Equal("0", CgroupFiles.Read("cpuset", g.CgroupPath, "cpuset.mems"));
        Expect.Contains("nodeset='0'", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
    }

    [Fact]
    public async Task NumatuneLive_CannotChangeTheMode()
    {
        var error = await Rig.VirshFailsAsync("numatune", g.Name, "--mode", "interleave", "--live");
        Expect.Contains($"cannot change the NUMA mode of running domain '{g.Name}' from strict to interleave", error);
    }

    [Fact]
    public async Task Numatune_WithANodeTheHostLacks_IsRefusedAtDefine_OrForRestrictiveAtStart()
    {
        Assert.SkipWhen(NumaTopology.Read().Any(n => n.Id == 1), "this host has a NUMA node 1");
        static Func<string, string> Tune(string mode) => x => x.Replace("<vcpu>1</vcpu>",
            $"<vcpu>1</vcpu><numatune><memory mode='{mode}' nodeset='0-1'/></numatune>", StringComparison.Ordinal);

        // strict: QEMU's memory backend would bind to node 1, so the definition is refused up front.
        var name = DemoKit.UniqueName("numa1");
        var file = Path.Combine(Rig.Root.Path, $"{name}.xml");
        File.WriteAllText(file, DemoKit.DomainXml(name, Tune("strict")));
        Expect.Contains($"uses host NUMA node 1, which this host does not have (its nodes: {HostNodes})", await Rig.VirshFailsAsync("define", file));

        // restrictive: only the cgroup uses the nodeset, so it is checked when the guest starts, before any guest code runs.
        await Rig.VirshDefineAsync(name, Tune("restrictive"));
        try
        {
            var error = await Rig.VirshFailsAsync("start", name);
            Expect.Contains($"cannot start domain '{name}': <numatune><memory nodeset='0-1'>: nodeset 0-1 includes node 1, which this host does not have (host nodes: {HostNodes})", error);
            Assert.Equal("shut off", (await Rig.VirshOkAsync("domstate", name)).Trim());
            Assert.False(Directory.Exists(CgroupFiles.V1("cpuset", g.CgroupPath.Replace(g.Name, name, StringComparison.Ordinal))));
        }
        finally
        {
            await Rig.VirshOkAsync("undefine", name);
        }
    }
}
