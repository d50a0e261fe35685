using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;
using Vireo.Platform.Host;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>The host's NUMA topology and CPUs through virsh (capabilities, nodeinfo, freecell, nodecpumap), compared with /proc and /sys.</summary>
[Collection(TuningGuestCollection.Name)]
public sealed class HostTopologyTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;

    [Fact]
    public async Task Capabilities_ListTheHostsCellsWithCpusMemoryAndDistances()
    {
        var caps = XDocument.Parse(await Rig.VirshOkAsync("capabilities"));
        var cells = caps.Root!.Element("host")!.Element("topology")!.Element("cells")!;
        var nodes = NumaTopology.Read();
        Assert.Equal(nodes.Count, int.Parse(cells.Attribute("num")!.Value, CultureInfo.InvariantCulture));
        foreach (var node in nodes)
        {
            var cell = cells.Elements("cell").Single(c => c.Attribute("id")!.Value == node.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(node.MemoryBytes / 1024, ulong.Parse(cell.Element("memory")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal(node.Cpus, cell.Element("cpus")!.Elements("cpu").Select(c => int.Parse(c.Attribute("id")!.Value, CultureInfo.InvariantCulture)));
            Assert.Equal(node.Distances, cell.Element("distances")!.Elements("sibling").Select(s => int.Parse(s.Attribute("value")!.Value, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Capabilities_ReportPauseLoopExiting_OnlyWhereTheKvmModuleHasIt()
    {
        var xml = await Rig.VirshOkAsync("capabilities");
        var ple = HostFacts.ReadPleSettings();
        if (ple.PleGap is { } gap)
            Expect.Contains($"pause-loop exiting (kvm_intel): ple_gap={gap}", xml);
        else if (ple.PauseFilterCount is { } count)
            Expect.Contains($"pause-loop exiting (kvm_amd): pause_filter_count={count}", xml);
        else
            Expect.DoesNotContain("pause-loop exiting", xml); // no kvm_intel/kvm_amd here (e.g. kvm_pvm): nothing to report
    }

    [Fact]
    public async Task Nodeinfo_MatchesProcAndSys()
    {
        var output = await Rig.VirshOkAsync("nodeinfo");
        Assert.Matches($@"CPU\(s\):\s+{CgroupFiles.HostCpuCount()}\s", output);
        Assert.Matches($@"NUMA cell\(s\):\s+{NumaTopology.Read().Count}\s", output);
        Assert.Matches($@"Memory size:\s+{CgroupFiles.MemTotalKiB()} KiB", output);
        Assert.Matches(@"CPU model:\s+x86_64", output);
    }

    [Fact]
    public async Task Freecell_AndNodecpumap_MatchSys()
    {
        var all = await Rig.VirshOkAsync("freecell", "--all");
        foreach (var node in NumaTopology.Read())
        {
            var m = Regex.Match(all, $@"^\s*{node.Id}:\s+(\d+) KiB", RegexOptions.Multiline);
            Assert.True(m.Success, all);
            var reported = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var now = (long)(NumaTopology.Read().Single(n => n.Id == node.Id).FreeBytes / 1024);
            // Free memory moves while we look (other processes run): it must be this node's, not a made-up number.
            Assert.InRange(reported, now - 262144, now + 262144);
        }
        Assert.Matches(@"Total:\s+\d+ KiB", all);
        Assert.Matches(@"^\s*0:\s+\d+ KiB", await Rig.VirshOkAsync("freecell", "0"));

        var map = await Rig.VirshOkAsync("nodecpumap");
        var online = CpuList.Parse(CgroupFiles.HostCpuList());
        Assert.Matches($@"CPUs present:\s+{online.Count}\b", map);
        Assert.Matches($@"CPUs online:\s+{online.Count}\b", map);
        Assert.Matches($@"CPU map:\s+{new string('y', online.Count)}\b", map);
    }
}
