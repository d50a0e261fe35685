using Vireo.Core.Domain;
using Vireo.Qemu.Driver;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Tests.Stats;

/// <summary>The interface group of domstats: which NICs get entries and which way rx/tx go.</summary>
public class NetStatsRecordsTests
{
    // Host-side counters: rx = what the host device received (the guest sent), tx = what it sent (the guest received).
    private static readonly InterfaceCounters Vnet0 = new("vnet0", 1000, 10, 1, 2, 5000, 50, 3, 4);
    private static readonly InterfaceCounters Macvtap0 = new("macvtap0", 700, 7, 0, 0, 900, 9, 0, 0);

    [Fact]
    public void A_tap_counts_the_guests_traffic_mirrored_a_macvtap_does_not_and_a_user_nic_has_no_entries()
    {
        InterfaceDef[] nics =
        [
            new() { Type = InterfaceType.User },
            new() { Type = InterfaceType.Bridge, TargetDev = "vnet0" },
            new() { Type = InterfaceType.Direct, TargetDev = "macvtap0" },
        ];
        var ps = NetStatsRecords.Build(nics, new Dictionary<string, InterfaceCounters> { ["vnet0"] = Vnet0, ["macvtap0"] = Macvtap0 });
        Assert.Equal(
            "net.count uint 3\n" +
            "net.1.name string vnet0\n" +
            "net.1.rx.bytes ullong 5000\nnet.1.rx.pkts ullong 50\nnet.1.rx.errs ullong 3\nnet.1.rx.drop ullong 4\n" +
            "net.1.tx.bytes ullong 1000\nnet.1.tx.pkts ullong 10\nnet.1.tx.errs ullong 1\nnet.1.tx.drop ullong 2\n" +
            "net.2.name string macvtap0\n" +
            "net.2.rx.bytes ullong 700\nnet.2.rx.pkts ullong 7\nnet.2.rx.errs ullong 0\nnet.2.rx.drop ullong 0\n" +
            "net.2.tx.bytes ullong 900\nnet.2.tx.pkts ullong 9\nnet.2.tx.errs ullong 0\nnet.2.tx.drop ullong 0\n",
            StatsGolden.Render(ps));
    }

    [Fact]
    public void A_device_whose_counters_could_not_be_read_keeps_its_name_only()
    {
        var ps = NetStatsRecords.Build([new InterfaceDef { Type = InterfaceType.Network, TargetDev = "vnet7" }], new Dictionary<string, InterfaceCounters>());
        Assert.Equal("net.count uint 1\nnet.0.name string vnet7\n", StatsGolden.Render(ps));
    }

    [Fact]
    public void Domifstat_and_domstats_share_the_guest_view()
    {
        var bridged = NetStatsRecords.GuestView(new InterfaceDef { Type = InterfaceType.Bridge }, Vnet0);
        Assert.Equal((5000UL, 1000UL), (bridged.RxBytes, bridged.TxBytes));
        var ethernet = NetStatsRecords.GuestView(new InterfaceDef { Type = InterfaceType.Ethernet }, Vnet0);
        Assert.Equal(Vnet0, ethernet);
    }
}
