using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// &lt;bandwidth&gt; and domiftune on a real TCG guest whose tap sits on a bridge in a namespace the test
/// creates: the tc rules on the tap (read back with tc itself), stock virsh's domiftune for reads, live and
/// config changes and clearing, python-libvirt's interfaceParameters/setInterfaceParameters, and vireo's
/// domiftune. Inbound (htb on the tap's egress) is checked on every kernel; outbound (an ingress police
/// filter) only where the kernel has the police action (act_police), else its refusal is checked, and that the
/// refusal leaves the tap shaped as it was.
/// </summary>
public sealed class BandwidthIfTuneTests
{
    private static Task<string> Tc(TestNetns ns, params string[] args) => TcCommand.RunAsync(ns.Name, args);

    /// <summary>Whether this kernel has the tc police action (a probe on a veth of the test namespace).</summary>
    private static async Task<bool> PoliceAvailableAsync(TestNetns ns)
    {
        await ns.AddVethAsync("bwp0", "bwp1");
        await Tc(ns, "qdisc", "add", "dev", "bwp0", "ingress");
        try
        {
            await Tc(ns, "filter", "add", "dev", "bwp0", "parent", "ffff:", "protocol", "all", "u32", "match", "u32", "0", "0", "police", "rate", "1kbps", "burst", "1kb", "drop");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Bandwidth_is_applied_with_tc_and_domiftune_changes_it_live_and_in_the_saved_definition()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        bool police = await PoliceAvailableAsync(ns);
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("bw");
        const string mac = "52:54:00:77:00:01";
        var nic = GuestXml.BridgeNic("br0", mac, "<bandwidth><inbound average='1000' peak='5000' burst='1024'/></bandwidth>");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name, nic, metadata: ns.Placement)));
        await e.VirshOkAsync("start", name);
        var tap = Regex.Match(await e.VirshOkAsync("domiflist", name), @"^ (vnet\d+)\s", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(tap);

        // libvirt's rules for inbound: htb root 1: defaulting to class 1:1 at 1000 KiB/s (8 Mbit), ceil 5000 KiB/s, burst 1 MiB.
        Assert.Contains("qdisc htb 1: root", await Tc(ns, "qdisc", "show", "dev", tap));
        Assert.Contains("class htb 1:1 root prio 0 rate 8Mbit ceil 40Mbit burst 1Mb", await Tc(ns, "class", "show", "dev", tap));
        Assert.DoesNotContain("ingress", await Tc(ns, "qdisc", "show", "dev", tap));

        // virsh domiftune reads what the live XML holds, by device name and by MAC.
        const string initial = "inbound.average: 1000\ninbound.peak   : 5000\ninbound.burst  : 1024\ninbound.floor  : 0\noutbound.average: 0\noutbound.peak  : 0\noutbound.burst : 0\n\n";
        Assert.Equal(initial, await e.VirshOkAsync("domiftune", name, tap));
        Assert.Equal(initial, await e.VirshOkAsync("domiftune", name, mac));
        Assert.Equal("error: Unable to get interface parameters\nerror: invalid argument: 'nosuch0' is not a known interface\n",
            await e.VirshFailsAsync("domiftune", name, "nosuch0"));

        // --live: the tap is reshaped, the live XML shows it, the saved definition keeps the old value.
        await e.VirshOkAsync("domiftune", name, tap, "--live", "--inbound", "2000,4000,512");
        Assert.Contains("class htb 1:1 root prio 0 rate 16Mbit ceil 32Mbit burst 512Kb", await Tc(ns, "class", "show", "dev", tap));
        Assert.Contains("<inbound average='2000' peak='4000' burst='512'/>", await e.VirshOkAsync("dumpxml", name));
        Assert.Contains("<inbound average='1000' peak='5000' burst='1024'/>", await e.VirshOkAsync("dumpxml", "--inactive", name));

        // Outbound polices the tap's ingress where the kernel can; elsewhere the refusal names the tap and changes nothing.
        if (police)
        {
            await e.VirshOkAsync("domiftune", name, tap, "--live", "--outbound", "128,256,256");
            Assert.Contains("police", await Tc(ns, "filter", "show", "dev", tap, "ingress"));
            Assert.Contains("<outbound average='128' peak='256' burst='256'/>", await e.VirshOkAsync("dumpxml", name));
        }
        else
        {
            var error = await e.VirshFailsAsync("domiftune", name, tap, "--live", "--outbound", "128,256,256");
            Assert.Contains($"cannot set the bandwidth of interface '{tap}' of domain '{name}' on host device '{tap}'", error);
            Assert.DoesNotContain("<outbound", await e.VirshOkAsync("dumpxml", name));
            // A failed change leaves the guest as it was: the inbound limit is back on the tap.
            Assert.Contains("class htb 1:1 root prio 0 rate 16Mbit ceil 32Mbit burst 512Kb", await Tc(ns, "class", "show", "dev", tap));
        }

        // python-libvirt through libvirt's own client library: the typed parameters and a live set.
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{e.Uri}}').lookupByName('{{name}}')
            p = d.interfaceParameters('{{tap}}', 0)
            print(p['inbound.average'], p['inbound.peak'], p['inbound.burst'], p['inbound.floor'], sorted(p))
            d.setInterfaceParameters('{{mac}}', {'inbound.average': 3000}, libvirt.VIR_DOMAIN_AFFECT_LIVE)
            print(d.interfaceParameters('{{tap}}', libvirt.VIR_DOMAIN_AFFECT_LIVE)['inbound.peak'])
            """]);
        Assert.Equal((0, "2000 4000 512 0 ['inbound.average', 'inbound.burst', 'inbound.floor', 'inbound.peak', 'outbound.average', 'outbound.burst', 'outbound.peak']\n0\n"),
            (python.ExitCode, python.Stdout));
        Assert.Contains("class htb 1:1 root prio 0 rate 24Mbit", await Tc(ns, "class", "show", "dev", tap));

        // Clearing: a zero average removes the qdiscs from the tap and the element from the live XML.
        await e.VirshOkAsync("domiftune", name, tap, "--live", "--inbound", "0", "--outbound", "0");
        var qdiscs = await Tc(ns, "qdisc", "show", "dev", tap);
        Assert.DoesNotContain("htb", qdiscs);
        Assert.DoesNotContain("ingress", qdiscs);
        Assert.DoesNotContain("<bandwidth>", await e.VirshOkAsync("dumpxml", name));

        // --config (by MAC, the saved XML has no vnetN): only the saved definition changes; vireo reads it as virsh does.
        await e.VirshOkAsync("domiftune", name, mac, "--config", "--inbound", "700", "--outbound", "70,80,90");
        Assert.Contains("<inbound average='700'/>\n        <outbound average='70' peak='80' burst='90'/>", await e.VirshOkAsync("dumpxml", "--inactive", name));
        Assert.DoesNotContain("htb", await Tc(ns, "qdisc", "show", "dev", tap));
        var (virsh, vireo) = await e.BothOkAsync("domiftune", name, tap, "--config");
        Assert.Equal("inbound.average: 700\ninbound.peak   : 0\ninbound.burst  : 0\ninbound.floor  : 0\noutbound.average: 70\noutbound.peak  : 80\noutbound.burst : 90\n\n", virsh);
        Assert.Equal(virsh, vireo);

        // vireo domiftune sets live as virsh does.
        await e.VireoOkAsync("domiftune", name, tap, "--inbound", "100");
        Assert.Contains("class htb 1:1 root prio 0 rate 800Kbit", await Tc(ns, "class", "show", "dev", tap));
    }
}
