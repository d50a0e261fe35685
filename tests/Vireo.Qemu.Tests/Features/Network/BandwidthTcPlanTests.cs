using System.Runtime.CompilerServices;
using System.Text;
using Vireo.Core.Domain;
using Vireo.Qemu.Driver.Features.Network;

namespace Vireo.Qemu.Tests.Features.Network;

/// <summary>
/// &lt;bandwidth&gt; as tc commands (pure), against a golden file (Data/bandwidth-tc.txt; regenerate with
/// VIREO_REGENERATE_GOLDEN=1 and review the diff) and against what libvirtd 9.0 itself ran for the same
/// interface (strace of libvirtd starting a guest with that &lt;bandwidth&gt; on an ethernet tap).
/// </summary>
public sealed class BandwidthTcPlanTests
{
    private static string GoldenPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data", "bandwidth-tc.txt");

    private static readonly (string Name, string Dev, BandwidthDef Bandwidth, bool Swapped)[] Cases =
    [
        ("tap, both directions (libvirt's docs example)", "vnet0", new(new() { Average = 1000, Peak = 5000, Burst = 1024 }, new() { Average = 128, Peak = 256, Burst = 256 }), true),
        ("tap, inbound average only", "vnet1", new(new() { Average = 1 }), true),
        ("tap, outbound without burst: one second's worth", "vnet2", new(null, new() { Average = 2048 }), true),
        ("tap, outbound burst default capped to tc's 32-bit bytes", "vnet3", new(null, new() { Average = 10_000_000 }), true),
        ("tap, inbound floor only: nothing on the tap", "vnet4", new(new() { Floor = 100 }), true),
        ("tap, zero averages: nothing", "vnet5", new(new() { Average = 0 }, new() { Average = 0 }), true),
        ("macvtap, not swapped", "macvtap0", new(new() { Average = 1000, Peak = 5000, Burst = 1024 }, new() { Average = 128, Peak = 256, Burst = 256 }), false),
    ];

    private static string Render()
    {
        var sb = new StringBuilder();
        foreach (var (name, dev, bandwidth, swapped) in Cases)
        {
            sb.Append("# ").Append(name).Append('\n');
            foreach (var step in BandwidthTcPlan.Clear(dev).Concat(BandwidthTcPlan.Set(dev, bandwidth, swapped)))
                sb.Append(step.Refinement ? "(refinement) " : "").Append(step).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public void CommandsMatchTheGoldenFile()
    {
        var path = GoldenPath();
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1") File.WriteAllText(path, Render());
        Assert.True(File.Exists(path), $"{path} is missing; run with VIREO_REGENERATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path), Render());
    }

    [Fact]
    public void InboundOnATap_IsWhatLibvirtdRan()
    {
        // strace -e execve of libvirtd 9.0 starting <interface type='ethernet'><target dev='bwtap0'/> with
        // <inbound average='1000' peak='5000' burst='1024'/>: these three, after deleting root and ingress.
        var steps = BandwidthTcPlan.Set("bwtap0", new(new() { Average = 1000, Peak = 5000, Burst = 1024 }), swapped: BandwidthTcPlan.Swapped(InterfaceType.Ethernet))
            .Select(s => s.ToString()).ToArray();
        Assert.Equal("tc qdisc add dev bwtap0 root handle 1: htb default 1", steps[0]);
        Assert.Equal("tc class add dev bwtap0 parent 1: classid 1:1 htb rate 1000kbps ceil 5000kbps burst 1024kb quantum 85", steps[1]);
        Assert.Equal("tc qdisc add dev bwtap0 parent 1:1 handle 2: sfq perturb 10", steps[2]);
        Assert.Equal(["tc qdisc del dev bwtap0 root", "tc qdisc del dev bwtap0 ingress"], BandwidthTcPlan.Clear("bwtap0").Select(s => s.ToString()));
    }

    [Fact]
    public void OnlyTheSfqLeafAndFwFilter_AreRefinements()
    {
        var steps = BandwidthTcPlan.Set("t", Cases[0].Bandwidth, true);
        Assert.Equal(["sfq", "fw"], steps.Where(s => s.Refinement).Select(s => s.Args.Contains("sfq") ? "sfq" : "fw"));
        Assert.Contains(steps, s => !s.Refinement && s.Args.Contains("police"));
    }

    [Fact]
    public void TapsAreSwapped_MacvtapsAreNot()
    {
        Assert.True(BandwidthTcPlan.Swapped(InterfaceType.Bridge));
        Assert.True(BandwidthTcPlan.Swapped(InterfaceType.Network));
        Assert.True(BandwidthTcPlan.Swapped(InterfaceType.Ethernet));
        Assert.False(BandwidthTcPlan.Swapped(InterfaceType.Direct));
    }
}

/// <summary>The host NIC plan carries &lt;bandwidth&gt; to the tap; a guaranteed rate (floor) is refused before anything is created.</summary>
public sealed class HostNicPlanBandwidthTests
{
    private static Core.Domain.DomainDef Domain(string nic) => Core.Xml.DomainXml.Parse(
        $"<domain type='qemu'><name>web1</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid><os><type>hvm</type></os><devices>{nic}</devices></domain>");

    [Fact]
    public void BandwidthReachesThePlan_FloorIsRefused()
    {
        var def = Domain("<interface type='bridge'><source bridge='br0'/><bandwidth><inbound average='10'/></bandwidth></interface>");
        Assert.Equal(10UL, HostNicPlan.For(def.Devices.Interfaces[0], 0, def, (n, _) => n)!.Bandwidth!.Inbound!.Average);

        var floor = Domain("<interface type='network'><source network='lab'/><bandwidth><inbound average='10' floor='5'/></bandwidth></interface>");
        var e = Assert.Throws<Core.Errors.VirException>(() => HostNicPlan.For(floor.Devices.Interfaces[0], 0, floor, (n, _) => n));
        Assert.Equal(Core.Errors.VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("floor", e.Message, StringComparison.Ordinal);
    }
}
