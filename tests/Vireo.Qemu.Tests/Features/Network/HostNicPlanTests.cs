using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Network;

namespace Vireo.Qemu.Tests.Features.Network;

/// <summary>What the host side of each interface kind is (pure), the namespace extension and the network mapping.</summary>
public sealed class HostNicPlanTests
{
    private static DomainDef Domain(string devices, string metadata = "") => DomainXml.Parse(
        $"<domain type='qemu'><name>web1</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>{metadata}<os><type>hvm</type></os><devices>{devices}</devices></domain>");

    private static HostNicPlan? Plan(string nic) =>
        HostNicPlan.For(Domain(nic).Devices.Interfaces[0], 0, Domain(nic), (network, _) => "br-" + network);

    [Fact]
    public void Bridge_network_and_ethernet_are_taps_with_the_guests_mac_behind_fe()
    {
        var bridge = Plan("<interface type='bridge'><mac address='52:54:00:22:00:01'/><source bridge='br0'/><model type='virtio'/><driver queues='2'/></interface>")!;
        Assert.Equal(HostNicKind.Tap, bridge.Kind);
        Assert.Equal("br0", bridge.Bridge);
        Assert.Null(bridge.Name); // the kernel picks vnetN
        Assert.Equal("fe:54:00:22:00:01", bridge.HostMac.ToString());
        Assert.Equal(2, bridge.Queues);
        Assert.True(bridge.VnetHeader);

        var network = Plan("<interface type='network'><mac address='52:54:00:22:00:02'/><source network='lab'/><model type='e1000'/></interface>")!;
        Assert.Equal("br-lab", network.Bridge);
        Assert.False(network.VnetHeader); // emulated NICs get no virtio-net header

        var ethernet = Plan("<interface type='ethernet'><mac address='52:54:00:22:00:03'/><target dev='lab-tap0'/></interface>")!;
        Assert.Null(ethernet.Bridge);
        Assert.Equal("lab-tap0", ethernet.Name);
        // A vnetN left from an earlier start is the engine's own output, not a user choice.
        Assert.Null(Plan("<interface type='bridge'><source bridge='br0'/><target dev='vnet4'/></interface>")!.Name);
    }

    [Fact]
    public void Direct_is_a_macvtap_on_its_parent_with_libvirts_default_mode_vepa()
    {
        var plan = Plan("<interface type='direct'><mac address='52:54:00:33:00:01'/><source dev='eth0'/></interface>")!;
        Assert.Equal(HostNicKind.Macvtap, plan.Kind);
        Assert.Equal(("eth0", "vepa"), (plan.Parent, plan.MacvtapMode));
        Assert.Equal("52:54:00:33:00:01", plan.HostMac.ToString());
        Assert.Equal("passthru", Plan("<interface type='direct'><source dev='eth0' mode='passthrough'/></interface>")!.MacvtapMode);
        Assert.Null(Plan("<interface type='user'/>"));
    }

    [Fact]
    public void Missing_sources_are_refused_with_sentences()
    {
        var e = Assert.Throws<VirException>(() => Plan("<interface type='direct'><mac address='52:54:00:33:00:01'/></interface>"));
        Assert.Equal("unsupported configuration: <interface type='direct'> net0 (52:54:00:33:00:01) of domain 'web1' has no <source dev='...'/> naming the host device for its macvtap", e.Message);
    }

    [Fact]
    public void Vhost_is_refused_before_anything_is_made_when_the_host_lacks_vhost_net()
    {
        Assert.SkipWhen(File.Exists("/dev/vhost-net"), "this host has /dev/vhost-net");
        var e = Assert.Throws<VirException>(() => Plan("<interface type='bridge'><mac address='52:54:00:22:00:01'/><source bridge='br0'/><model type='virtio'/><driver name='vhost'/></interface>"));
        Assert.Contains("vhost-net is not available on this host (/dev/vhost-net is missing); remove <driver name='vhost'/>", e.Message);
    }

    [Fact]
    public void The_namespace_comes_from_vireos_metadata_element()
    {
        Assert.Null(NetworkPlacement.NamespaceOf(Domain("")));
        Assert.Null(NetworkPlacement.NamespaceOf(Domain("", "<metadata><app:x xmlns:app='urn:app' netns='no'/></metadata>")));
        var placed = Domain("", "<metadata><vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='lab1'/></metadata>");
        Assert.Equal("lab1", NetworkPlacement.NamespaceOf(placed));
        var bad = Domain("", "<metadata><vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='../etc'/></metadata>");
        Assert.Throws<VirException>(() => NetworkPlacement.NamespaceOf(bad));
        var missing = Domain("", "<metadata><vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='vireo-no-such-ns'/></metadata>");
        Assert.Contains("/var/run/netns/vireo-no-such-ns does not exist", Assert.Throws<VirException>(() => NetworkPlacement.RequireNamespace(missing)).Message);
    }

    [Fact]
    public void A_network_name_maps_to_the_bridge_of_its_libvirt_definition_or_to_itself()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-nets-").FullName;
        try
        {
            Assert.Equal("lab", NetworkDefinitions.BridgeOf(dir, "lab", "net0"));
            Directory.CreateDirectory(NetworkDefinitions.DirectoryUnder(dir));
            File.WriteAllText(Path.Combine(NetworkDefinitions.DirectoryUnder(dir), "default.xml"),
                "<network><name>default</name><forward mode='nat'/><bridge name='virbr0' stp='on' delay='0'/></network>");
            Assert.Equal("virbr0", NetworkDefinitions.BridgeOf(dir, "default", "net0"));
            File.WriteAllText(Path.Combine(NetworkDefinitions.DirectoryUnder(dir), "nobr.xml"), "<network><name>nobr</name></network>");
            Assert.Contains("has no <bridge name='...'/>", Assert.Throws<VirException>(() => NetworkDefinitions.BridgeOf(dir, "nobr", "net0")).Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
