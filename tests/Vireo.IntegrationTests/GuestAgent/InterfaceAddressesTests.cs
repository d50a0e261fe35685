using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// virsh/vireo domifaddr and python-libvirt interfaceAddresses against vireod with a real TCG guest on a
/// bridge in a namespace the test creates: the lease source answers an empty table (Vireo runs no DHCP
/// server, as libvirtd 9.0 answers for a bridge-attached guest), the agent source the guest's own view,
/// the arp source the namespace's neighbour table for the guest's MAC. Checked against libvirtd 9.0:
/// only the agent source is refused on read-only connections.
/// </summary>
public sealed class InterfaceAddressesTests
{
    private const string Mac = "52:54:00:5a:00:10";
    private const string EmptyTable = " Name       MAC address          Protocol     Address\n"
        + "-------------------------------------------------------------------------------\n\n";

    [Fact]
    public async Task Lease_agent_and_arp_sources_answer_as_libvirtd_does()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await IpCommand.RunAsync(ns.Name, "addr", "add", "10.222.5.1/24", "dev", "br0");
        await using var e = await ServedEngine.StartAsync();
        var g = DemoKit.UniqueName("ifa");
        await e.VirshOkAsync("define", e.WriteFile(g + ".xml", GuestXml.Demo(g,
            GuestXml.BridgeNic("br0", Mac) + DemoKit.AgentChannel, cmdline: "vireo.ip=10.222.5.10/24", metadata: ns.Placement)));
        await e.VirshOkAsync("start", g);
        await using var console = await e.ReadyConsoleAsync(g);
        var tap = Regex.Match(await e.VirshOkAsync("domiflist", g), @"^ (vnet\d+)\s", RegexOptions.Multiline).Groups[1].Value;
        Assert.StartsWith("vnet", tap);

        // lease: no DHCP server of a virtual network serves this guest, so the table is empty (libvirtd 9.0 alike).
        Assert.Equal(EmptyTable, await e.VirshOkAsync("domifaddr", g));
        Assert.Equal(EmptyTable, await e.VireoOkAsync("domifaddr", g));

        // agent: the guest's own interfaces, names and prefixes.
        // eth0's link-local IPv6 address appears a moment after boot (duplicate address detection): wait for it, so
        // virsh and vireo below read the same table.
        var agent = await Expect.EventuallyAsync(() => e.VirshOkAsync("domifaddr", g, "--source", "agent"),
            o => o.Contains("ipv6         fe80::", StringComparison.Ordinal), "eth0's link-local IPv6 address in the agent's answer");
        Assert.Contains($" eth0       {Mac}    ipv4         10.222.5.10/24\n", agent);
        Assert.Contains(" lo         00:00:00:00:00:00    ipv4         127.0.0.1/8\n", agent);
        Assert.Contains(" -          -                    ipv6         ::1/128\n", agent);
        Assert.Equal(agent, await e.VireoOkAsync("domifaddr", g, "--source", "agent"));
        var full = await e.VirshOkAsync("domifaddr", g, "--source", "agent", "--full", "--interface", "eth0");
        Assert.Contains($" eth0       {Mac}    ipv4         10.222.5.10/24\n eth0       {Mac}    ipv6         fe80::", full);
        Assert.DoesNotContain(" lo ", full);
        Assert.Equal(full, await e.VireoOkAsync("domifaddr", g, "--source", "agent", "--full", "--interface", "eth0"));

        // arp: once the guest talked to the bridge, the namespace's neighbour table knows its MAC.
        Assert.Contains("3 packets transmitted, 3 packets received", await console.RunAsync("ping -c 3 -W 5 10.222.5.1"));
        var arp = await e.VirshOkAsync("domifaddr", g, "--source", "arp");
        Assert.Equal(EmptyTable.TrimEnd('\n') + $"\n {tap,-10} {Mac}    ipv4         10.222.5.10/0\n\n", arp);
        Assert.Equal(arp, await e.VireoOkAsync("domifaddr", g, "--source", "arp"));

        // Read-only: lease and arp read the host's tables and are allowed; the agent is not (libvirtd 9.0).
        Assert.Equal(EmptyTable, await e.VirshOkAsync("-r", "domifaddr", g));
        Assert.Equal(arp, await e.VirshOkAsync("-r", "domifaddr", g, "--source", "arp"));
        Assert.Equal("error: Failed to query for interfaces addresses\nerror: operation forbidden: read only access prevents virDomainInterfaceAddresses",
            (await e.VirshFailsAsync("-r", "domifaddr", g, "--source", "agent")).Trim());
        Assert.Equal("error: Unknown data source 'bogus'", (await e.VirshFailsAsync("domifaddr", g, "--source", "bogus")).Trim());
        var bogus = await e.VireoAsync("domifaddr", g, "--source", "bogus");
        Assert.Equal((1, "error: Unknown data source 'bogus'"), (bogus.ExitCode, bogus.Stderr.Trim()));

        // python-libvirt, as virt-manager asks for a guest's address.
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{e.Uri}}').lookupByName('{{g}}')
            ifs = d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT)
            eth0 = ifs['eth0']
            print(eth0['hwaddr'], [(a['type'], a['addr'], a['prefix']) for a in eth0['addrs'] if a['type'] == libvirt.VIR_IP_ADDR_TYPE_IPV4])
            print(d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE))
            print(sorted(d.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP)))
            """]);
        Assert.Equal((0, $"{Mac} [(0, '10.222.5.10', 24)]\n{{}}\n['{tap}']"), (python.ExitCode, python.Stdout.Trim()));

        // Not running: refused before anything is asked, for every source.
        await e.VirshOkAsync("destroy", g);
        Assert.Equal("error: Failed to query for interfaces addresses\nerror: Requested operation is not valid: domain is not running",
            (await e.VirshFailsAsync("domifaddr", g)).Trim());
        Assert.Equal("error: Failed to query for interfaces addresses\nerror: Requested operation is not valid: domain is not running",
            (await e.VirshFailsAsync("domifaddr", g, "--source", "agent")).Trim());
    }
}
