using Vireo.Cli.Formatting;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>iface-list's table and virsh's MAC address test, against what Debian's virsh 9.0 printed.</summary>
public sealed class HostInterfaceFormatTests
{
    [Fact]
    public void The_list_is_virshs_table()
    {
        // virsh -c test:///default iface-list --all, and --inactive (nothing)
        Assert.Equal(" Name   State    MAC Address\n------------------------------------\n eth1   active   aa:bb:cc:dd:ee:ff\n",
            HostInterfaceFormat.List([("eth1", true, "aa:bb:cc:dd:ee:ff")]));
        Assert.Equal(" Name   State   MAC Address\n-----------------------------\n", HostInterfaceFormat.List([]));
    }

    [Fact]
    public void Names_sort_ignoring_ascii_case_as_strcasecmp_does()
    {
        // virsh iface-list --all against libvirtd 9.0 with interfaces vir9Zu and vir9au: vir9au first, then vir9vb, then vir9Zu.
        var table = HostInterfaceFormat.List([("vir9Zu", false, "9a:e7:5f:24:a6:d7"), ("vir9vb", true, "02:c6:9f:41:7b:96"), ("vir9au", false, "6e:0b:4c:5c:28:db"), ("f&x", false, "")]);
        var names = table.Split('\n').Skip(2).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.Equal(["f&x", "vir9au", "vir9vb", "vir9Zu"], names);
    }

    [Theory]
    [InlineData("02:fc:00:00:00:01", true)]
    [InlineData("02:FC:00:00:00:01", true)]
    [InlineData("2:fc:0:0:0:1", true)]
    [InlineData("02:fc:00:00:00", false)]
    [InlineData("02:fc:00:00:00:01:02", false)]
    [InlineData("02:fc:*", false)]
    [InlineData("002:fc:00:00:00:01", false)]
    [InlineData("eth0", false)]
    [InlineData("", false)]
    public void A_mac_address_argument_is_what_virMacAddrParse_takes(string text, bool isMac) =>
        Assert.Equal(isMac, HostInterfaceFormat.IsMacAddress(text));
}
