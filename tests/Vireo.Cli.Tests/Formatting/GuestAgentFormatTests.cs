using System.Runtime.CompilerServices;
using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>
/// domifaddr, domfsinfo and guestinfo laid out as virsh 9.0 does. GuestAgent/*.out are virsh's own output
/// against libvirtd 9.0 for a TCG guest with the kit's agent, eth0 at 192.168.77.10/24 and a virtio disk vdb
/// mounted on /mnt/d (virsh's blank line after each command is added here as the CLI session adds it).
/// </summary>
public sealed class GuestAgentFormatTests
{
    private static string Out(string name, [CallerFilePath] string source = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "GuestAgent", name));

    private static readonly GuestInterface[] Agent =
    [
        new("lo", "00:00:00:00:00:00", [new(GuestIpAddressType.IPv4, "127.0.0.1", 8), new(GuestIpAddressType.IPv6, "::1", 128)]),
        new("eth0", "52:54:00:77:00:10", [new(GuestIpAddressType.IPv4, "192.168.77.10", 24), new(GuestIpAddressType.IPv6, "fe80::5054:ff:fe77:10", 64)]),
    ];

    [Fact]
    public void Domifaddr_from_the_agent_names_each_interface_once_unless_full()
    {
        Assert.Equal(Out("domifaddr-agent.out"), GuestAgentFormat.DomIfAddr(Agent, full: false, only: null) + "\n");
        Assert.Equal(Out("domifaddr-agent-full.out"), GuestAgentFormat.DomIfAddr(Agent, full: true, only: null) + "\n");
    }

    [Fact]
    public void Domifaddr_without_leases_is_an_empty_table_and_interface_filters_by_name()
    {
        Assert.Equal(Out("domifaddr-lease.out"), GuestAgentFormat.DomIfAddr([], false, null) + "\n");
        var eth0 = GuestAgentFormat.DomIfAddr(Agent, full: true, only: "eth0");
        Assert.DoesNotContain(" lo ", eth0);
        Assert.Contains(" eth0       52:54:00:77:00:10    ipv6         fe80::5054:ff:fe77:10/64\n", eth0);
        // An interface without addresses gets one row of N/A; no MAC prints as nothing.
        Assert.EndsWith("\n vnet0                           N/A          N/A\n", GuestAgentFormat.DomIfAddr([new("vnet0", null, [])], false, null));
    }

    [Fact]
    public void Domfsinfo_is_virshs_table_or_its_sentence()
    {
        Assert.Equal(Out("domfsinfo.out"), GuestAgentFormat.DomFsInfo([new GuestFileSystem("/mnt/d", "vda", "ext4", ["vdb"])]) + "\n");
        Assert.Equal("No filesystems are mounted in the domain", GuestAgentFormat.DomFsInfo([]));
        Assert.Contains(" /            sda1   xfs    vda,vdb\n", GuestAgentFormat.DomFsInfo([new GuestFileSystem("/", "sda1", "xfs", ["vda", "vdb"])]));
    }

    [Fact]
    public void Guestinfo_prints_each_parameter_padded_to_twenty()
    {
        TypedParameter[] os =
        [
            TypedParameter.String("os.machine", "x86_64"),
            TypedParameter.String("os.kernel-release", "6.1.0-57-cloud-amd64"),
            TypedParameter.String("os.kernel-version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)"),
        ];
        Assert.Equal(Out("guestinfo-os.out"), GuestAgentFormat.GuestInfo(os) + "\n");
        Assert.Equal("disk.0.partition    : no\n", GuestAgentFormat.GuestInfo([TypedParameter.Bool("disk.0.partition", false)]));
    }

    [Fact]
    public void Unknown_sources_are_refused_with_virshs_sentence()
    {
        Assert.Equal(InterfaceAddressSource.Lease, GuestAgentFormat.Source(null));
        Assert.Equal(InterfaceAddressSource.Arp, GuestAgentFormat.Source("arp"));
        Assert.Equal("Unknown data source 'bogus'", Assert.Throws<CliError>(() => GuestAgentFormat.Source("bogus")).Message);
    }
}
