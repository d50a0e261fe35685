using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>
/// The agent's answers as libvirt's records and typed parameters. The JSON files are the real answers of the
/// kit's qemu-guest-agent (Debian 12) and QEMU 7.2's query-pci for a guest with a virtio disk 'vdb' (serial
/// qgaserial1, not reported by the guest, which has no udev) mounted on /mnt/d; libvirtd-guestinfo.out is
/// what virsh guestinfo printed for that guest under libvirtd 9.0 at the same moment.
/// </summary>
public sealed class GuestAgentAnswersTests
{
    private static JsonNode? Fixture(string name) => AgentFixtures.Json(name);

    private static string FixtureText(string name) => AgentFixtures.Text(name);

    /// <summary>The domain's disks as the driver sees them: vdb's device virtio-disk1 at 00:04.0 (query-pci).</summary>
    private static IReadOnlyList<DiskLocation> Disks()
    {
        var pci = QueryPciDevices.ById(Fixture("query-pci.json"));
        return [new DiskLocation("vdb", "qgaserial1", pci["virtio-disk1"])];
    }

    [Fact]
    public void Query_pci_gives_each_devices_slot_by_its_id()
    {
        var pci = QueryPciDevices.ById(Fixture("query-pci.json"));
        Assert.Equal(new PciFunction(0, 0, 4, 0), pci["virtio-disk1"]);
        Assert.Equal(new PciFunction(0, 0, 2, 0), pci["net0"]);
        Assert.DoesNotContain("", pci.Keys);
    }

    [Fact]
    public void Network_interfaces_keep_the_guests_names_macs_addresses_and_prefixes()
    {
        var ifaces = AgentInterfaces.FromAgent(Fixture("guest-network-get-interfaces.json"), "g");
        Assert.Equal(["lo", "eth0"], ifaces.Select(i => i.Name));
        var eth0 = ifaces[1];
        Assert.Equal("52:54:00:77:00:10", eth0.HardwareAddress);
        Assert.Equal([new GuestIpAddress(GuestIpAddressType.IPv4, "192.168.77.10", 24), new GuestIpAddress(GuestIpAddressType.IPv6, "fe80::5054:ff:fe77:10", 64)],
            eth0.Addresses);
    }

    [Fact]
    public void An_alias_interface_is_folded_into_its_parent_and_a_missing_mac_stays_missing()
    {
        var answer = JsonNode.Parse("""
            [{"name":"eth0","ip-addresses":[{"ip-address-type":"ipv4","ip-address":"10.0.0.2","prefix":8}]},
             {"name":"eth0:1","ip-addresses":[{"ip-address-type":"ipv4","ip-address":"10.0.0.3","prefix":8}]}]
            """);
        var iface = Assert.Single(AgentInterfaces.FromAgent(answer, "g"));
        Assert.Null(iface.HardwareAddress);
        Assert.Equal(["10.0.0.2", "10.0.0.3"], iface.Addresses.Select(a => a.Address));
    }

    [Fact]
    public void An_unknown_address_type_is_an_error_naming_the_domain_and_interface()
    {
        var answer = JsonNode.Parse("""[{"name":"eth0","ip-addresses":[{"ip-address-type":"ipx","ip-address":"x","prefix":1}]}]""");
        var e = Assert.Throws<VirException>(() => AgentInterfaces.FromAgent(answer, "web1"));
        Assert.Equal("the guest agent of domain 'web1' answered guest-network-get-interfaces badly: interface 'eth0' has an address of unknown type 'ipx'", e.Detail);
    }

    [Fact]
    public void File_systems_map_to_the_domains_disk_by_the_pci_address_of_its_virtio_device()
    {
        var fss = AgentFileSystems.ToPublic(AgentFileSystems.FromAgent(Fixture("guest-get-fsinfo.json"), "g"), Disks());
        Assert.Equal([new GuestFileSystem("/mnt/d", "vda", "ext4", ["vdb"])], fss, new FsComparer());
        // A disk the domain does not have at that address is left out, not guessed.
        var elsewhere = AgentFileSystems.ToPublic(AgentFileSystems.FromAgent(Fixture("guest-get-fsinfo.json"), "g"),
            [new DiskLocation("vdb", null, new PciFunction(0, 0, 9, 0))]);
        Assert.Empty(Assert.Single(elsewhere).DiskTargets);
    }

    [Fact]
    public void File_systems_come_in_mount_order_and_a_reported_serial_wins_over_the_address()
    {
        var answer = JsonNode.Parse("""
            [{"name":"vdb1","mountpoint":"/b","type":"xfs","disk":[{"bus-type":"virtio","serial":"S2","pci-controller":{"domain":0,"bus":0,"slot":4,"function":0}}]},
             {"name":"vda1","mountpoint":"/a","type":"ext4","disk":[]}]
            """);
        var fss = AgentFileSystems.ToPublic(AgentFileSystems.FromAgent(answer, "g"),
            [new DiskLocation("vda", null, new PciFunction(0, 0, 4, 0)), new DiskLocation("vdc", "S2", new PciFunction(0, 0, 6, 0))]);
        Assert.Equal(["/a", "/b"], fss.Select(f => f.MountPoint));
        Assert.Equal(["vdc"], fss[1].DiskTargets);
    }

    [Fact]
    public void Guest_info_has_libvirtds_names_order_and_values()
    {
        var p = new List<TypedParameter>();
        GuestInfoParams.AddUsers(p, Fixture("guest-get-users.json"));
        GuestInfoParams.AddOs(p, Fixture("guest-get-osinfo.json"));
        GuestInfoParams.AddTimezone(p, Fixture("guest-get-timezone.json"));
        GuestInfoParams.AddHostname(p, Fixture("guest-get-host-name.json"));
        GuestInfoParams.AddFileSystems(p, AgentFileSystems.FromAgent(Fixture("guest-get-fsinfo.json"), "g"), Disks());
        GuestInfoParams.AddDisks(p, Fixture("guest-get-disks.json"), Disks());
        GuestInfoParams.AddInterfaces(p, AgentInterfaces.FromAgent(Fixture("guest-network-get-interfaces.json"), "g"));
        // virsh prints "%-20s: %s" per parameter and a blank line after the command.
        var printed = string.Concat(p.Select(x => $"{x.Field,-20}: {x}\n")) + "\n";
        Assert.Equal(FixtureText("libvirtd-guestinfo.out"), printed);
        Assert.Equal(TypedParameterType.UInt, p.Single(x => x.Field == "user.count").Type);
        Assert.Equal(TypedParameterType.ULLong, p.Single(x => x.Field == "fs.0.total-bytes").Type);
        Assert.Equal(TypedParameterType.Boolean, p.Single(x => x.Field == "disk.0.partition").Type);
        Assert.Equal(TypedParameterType.Int, p.Single(x => x.Field == "timezone.offset").Type);
    }

    [Fact]
    public void Users_carry_their_login_time_in_milliseconds_and_an_empty_fs_list_adds_nothing()
    {
        var p = new List<TypedParameter>();
        GuestInfoParams.AddUsers(p, JsonNode.Parse("""[{"user":"root","login-time":1700000000.25}]"""));
        GuestInfoParams.AddFileSystems(p, [], []);
        Assert.Equal(["user.count=1", "user.0.name=root", "user.0.login-time=1700000000250"], p.Select(x => $"{x.Field}={x}"));
    }

    [Fact]
    public void Set_user_password_sends_the_password_in_base64()
    {
        Assert.Equal("""{"username":"root","password":"c2VjcmV0","crypted":false}""",
            UserPassword.Arguments("root", "secret", SetUserPasswordFlags.None).ToJsonString());
        Assert.Equal("""{"username":"u","password":"JDYkeA==","crypted":true}""",
            UserPassword.Arguments("u", "$6$x", SetUserPasswordFlags.Encrypted).ToJsonString());
    }

    [Fact]
    public void Arp_entries_match_the_domains_macs_with_the_host_device_name_and_prefix_zero()
    {
        const string table = """
            IP address       HW type     Flags       HW address            Mask     Device
            192.168.77.10    0x1         0x2         52:54:00:77:00:10     *        br-qga
            192.168.77.11    0x1         0x0         00:00:00:00:00:00     *        br-qga
            192.168.77.12    0x1         0x2         52:54:00:aa:bb:cc     *        br-qga
            """;
        var nics = new[]
        {
            new InterfaceDef { Type = InterfaceType.Bridge, Mac = MacAddress.Parse("52:54:00:77:00:10"), TargetDev = "vnet3" },
            new InterfaceDef { Type = InterfaceType.Bridge, Mac = MacAddress.Parse("52:54:00:77:00:11"), TargetDev = "vnet4" },
        };
        var ifaces = ArpNeighbours.Match(nics, ArpNeighbours.Parse(table));
        var only = Assert.Single(ifaces);
        Assert.Equal(("vnet3", "52:54:00:77:00:10"), (only.Name, only.HardwareAddress));
        Assert.Equal([new GuestIpAddress(GuestIpAddressType.IPv4, "192.168.77.10", 0)], only.Addresses);
    }

    private sealed class FsComparer : IEqualityComparer<GuestFileSystem>
    {
        public bool Equals(GuestFileSystem? a, GuestFileSystem? b) =>
            a is not null && b is not null && (a.MountPoint, a.Name, a.FsType) == (b.MountPoint, b.Name, b.FsType) && a.DiskTargets.SequenceEqual(b.DiskTargets);
        public int GetHashCode(GuestFileSystem f) => f.MountPoint.GetHashCode(StringComparison.Ordinal);
    }
}
