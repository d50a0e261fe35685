using Vireo.Hosting;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// python-libvirt (/usr/bin/python3) against vireod with test interfaces in the host's namespace: the lists, lookups,
/// XML and refusals virt-manager and scripts use, in libvirtd 9.0's words (the same script's lines against libvirtd
/// are <see cref="HostInterfaceLibvirtdParityTests"/>).
/// </summary>
[Collection(HostInterfaceCollection.Name)]
public sealed class HostInterfacePythonTests
{
    [Fact]
    public async Task Python_libvirt_lists_looks_up_reads_xml_and_is_refused_changes_with_libvirtds_errors()
    {
        await using var links = await HostTestLinks.CreateAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var script = served.WriteFile("iface.py", HostInterfaceScript.Text);
        var output = await ProcessRunner.OkAsync("/usr/bin/python3", [script, .. HostInterfaceScript.Args(served.Uri, $"qemu+unix:///system?socket={ro}", links)]);
        var lines = output.Split('\n');
        string Line(string label) => lines.Single(l => l.StartsWith(label + " ", StringComparison.Ordinal))[(label.Length + 1)..];

        // A bridge port is not listed; lo (operstate "unknown") is inactive for listAllInterfaces, in neither old list.
        Assert.Equal("True False True True True True", Line("listed"));
        Assert.Equal("True True", Line("counts"));
        Assert.Equal("True True True False", Line("old lists"));
        Assert.Equal("True True", Line("filters"));
        Assert.Equal($"{links.Bridge} {links.BridgeMac} 1", Line("bridge"));
        Assert.Equal("True", Line("inactive xml"));
        var portMac = HostTestLinks.Sysfs(links.Port, "address");
        var portLink = $"<link speed='{HostTestLinks.Sysfs(links.Port, "speed")}' state='up'/>";
        Assert.Contains(string.Join('\n',
            $"<interface type='bridge' name='{links.Bridge}'>",
            $"  <mtu size='{HostTestLinks.Sysfs(links.Bridge, "mtu")}'/>",
            "  <bridge stp='off' delay='0'>",
            $"    <interface type='ethernet' name='{links.Port}'>",
            $"      {portLink}",
            $"      <mac address='{portMac}'/>",
            "    </interface>",
            "  </bridge>",
            "</interface>",
            $"port {links.Port} 1",
            $"<interface type='ethernet' name='{links.Port}'>",
            $"  <mtu size='{HostTestLinks.Sysfs(links.Port, "mtu")}'/>",
            $"  {portLink}",
            $"  <mac address='{portMac}'/>",
            "</interface>",
            $"by mac {links.Bridge}"), output);
        Assert.Equal(links.Bridge, Line("by mac pattern"));
        Assert.Equal($"error 57 26 'Interface not found: %s' \"couldn't find interface with MAC address '{links.BridgeMac.ToUpperInvariant()}'\" -1 " +
                     $"Interface not found: couldn't find interface with MAC address '{links.BridgeMac.ToUpperInvariant()}'", Line("by upper-case mac"));
        Assert.EndsWith($"couldn't find interface with MAC address '{portMac}'", Line("port by mac"));
        var peerMac = HostTestLinks.Sysfs(links.Peer, "address");
        Assert.Equal($"error 59 26 'multiple matching interfaces found: %s' \"the MAC address '{peerMac}' matches multiple interfaces\" -1 " +
                     $"multiple matching interfaces found: the MAC address '{peerMac}' matches multiple interfaces", Line("shared mac"));
        var vlan = $"Failed to open file '/proc/net/vlan/{links.Dotted}': No such file or directory";
        Assert.Equal($"error 38 0 '%s' \"{vlan}\" 2 {vlan}", Line("dotted"));
        Assert.Equal("error 57 26 'Interface not found: %s' \"couldn't find interface named 'nosuch'\" -1 Interface not found: couldn't find interface named 'nosuch'", Line("no such name"));
        Assert.Equal("error 8 26 'udevConnectListAllInterfaces' 'flags' 0 unsupported flags (0x4) in function udevConnectListAllInterfaces", Line("list flags"));
        Assert.Equal("error 8 26 'udevInterfaceGetXMLDesc' 'flags' 0 unsupported flags (0x2) in function udevInterfaceGetXMLDesc", Line("xml flags"));
        foreach (var (label, api) in Changes)
        {
            Assert.Equal($"error 3 26 'this function is not supported by the connection driver: %s' '{api}' -1 this function is not supported by the connection driver: {api}", Line(label));
            Assert.Equal($"error 29 26 'operation forbidden: %s' 'read only access prevents {api}' -1 operation forbidden: read only access prevents {api}", Line("read-only " + label));
        }
        Assert.Equal($"True 1 {links.Bridge}", Line("read-only reads"));
        Assert.Equal("1 True", Line("still"));
    }

    internal static readonly (string Label, string Api)[] Changes =
    [
        ("create", "virInterfaceCreate"), ("destroy", "virInterfaceDestroy"), ("undefine", "virInterfaceUndefine"), ("define", "virInterfaceDefineXML"),
        ("begin", "virInterfaceChangeBegin"), ("commit", "virInterfaceChangeCommit"), ("rollback", "virInterfaceChangeRollback"),
    ];
}
