using Vireo.Cli.Formatting;
using Vireo.Cli.Tests.Support;
using Vireo.Core.Storage;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>
/// The pool, volume and network formatters fed with the values the daemon held must print exactly what Debian's
/// virsh 9.0 printed against vireod for the same objects (Golden/Storage/*.out, captured by hand; virsh's blank
/// line after each command is added here as CliApp adds it).
/// </summary>
public sealed class StorageAndNetworkFormatTests
{
    private static readonly Guid P7 = Guid.Parse("c2e728a9-1081-4b30-915a-6fc75b7f4d3b");
    private static readonly Guid CapNet = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static void AssertGolden(string name, string printed)
    {
        var (expected, rc) = Golden.Load("Storage/" + name);
        Assert.Equal(0, rc);
        Assert.Equal(expected, printed + "\n");
    }

    private static PoolRow Running(string name) => new(name, StoragePoolState.Running, true, false, true, 270553174016, 16958500864, 253594673152);
    private static PoolRow Inactive(string name) => new(name, StoragePoolState.Inactive, false, false, true, 0, 0, 0);

    [Fact]
    public void Pool_list_all_shows_active_and_inactive_pools_sorted() =>
        AssertGolden("pool_list_all", StorageFormat.PoolList([Inactive("p7"), Running("p1")], details: false));

    [Fact]
    public void Pool_list_details_shows_dashes_for_an_inactive_pool() =>
        AssertGolden("pool_list_inactive_details", StorageFormat.PoolList([Inactive("p7")], details: true));

    [Fact]
    public void Pool_list_details_of_a_running_pool_shows_its_sizes()
    {
        // virsh 9.0 against vireod, with the byte counts its pool-dumpxml gave a moment later.
        const string expected =
            " Name   State     Autostart   Persistent   Capacity     Allocation   Available\n" +
            "---------------------------------------------------------------------------------\n" +
            " p1     running   no          yes          251.97 GiB   15.79 GiB    236.18 GiB\n";
        Assert.Equal(expected, StorageFormat.PoolList([Running("p1")], details: true));
    }

    [Fact]
    public void Pool_list_name_pads_names_to_twenty_columns() =>
        AssertGolden("pool_list_name", StorageFormat.Lines([("p7", "p7".PadRight(20)), ("p1", "p1".PadRight(20))]));

    [Fact]
    public void Pool_info_of_an_inactive_pool_has_no_sizes() =>
        AssertGolden("pool_info_inactive", StorageFormat.PoolInfo("p7", P7, StoragePoolState.Inactive, true, false, 0, 0, 0));

    [Fact]
    public void Pool_info_of_a_running_pool_has_its_sizes()
    {
        const string expected =
            "Name:           p1\nUUID:           86cc1afa-31c7-4d32-8ddb-cf5bb5100683\nState:          running\nPersistent:     yes\n" +
            "Autostart:      no\nCapacity:       251.97 GiB\nAllocation:     15.79 GiB\nAvailable:      236.18 GiB\n";
        Assert.Equal(expected, StorageFormat.PoolInfo("p1", Guid.Parse("86cc1afa-31c7-4d32-8ddb-cf5bb5100683"), StoragePoolState.Running, true, false,
            270553174016, 16958500864, 253594673152));
    }

    private static readonly VolRow[] Volumes =
    [
        new("c.qcow2", "/tmp/cap/pools/p1/c.qcow2", StorageVolType.File, 1073741824, 200704),
        new("a.qcow2", "/tmp/cap/pools/p1/a.qcow2", StorageVolType.File, 4294967296, 204800),
        new("b.img", "/tmp/cap/pools/p1/b.img", StorageVolType.File, 10485760, 10485760),
    ];

    [Fact]
    public void Vol_list_shows_names_and_paths() => AssertGolden("vol_list", StorageFormat.VolList(Volumes, details: false));

    [Fact]
    public void Vol_list_details_shows_types_and_pretty_sizes() => AssertGolden("vol_list_details", StorageFormat.VolList(Volumes, details: true));

    [Fact]
    public void Vol_info_in_pretty_units_and_in_bytes()
    {
        AssertGolden("vol_info", StorageFormat.VolInfo("a.qcow2", StorageVolType.File, 4294967296, 204800, bytes: false));
        AssertGolden("vol_info_bytes", StorageFormat.VolInfo("b.img", StorageVolType.File, 10485760, 10485760, bytes: true));
    }

    [Theory]
    [InlineData(0UL, "0.00 B")]
    [InlineData(1023UL, "1023.00 B")]
    [InlineData(1024UL, "1.00 KiB")]
    [InlineData(200704UL, "196.00 KiB")]
    [InlineData(10485760UL, "10.00 MiB")]
    [InlineData(1073741824UL, "1.00 GiB")]
    [InlineData(1099511627776UL, "1.00 TiB")]
    public void Capacity_uses_binary_units_with_two_decimals(ulong bytes, string expected) => Assert.Equal(expected, StorageFormat.Capacity(bytes));

    [Fact]
    public void Net_list_table_and_uuids()
    {
        NetRow[] nets = [new("capnet1", CapNet, Active: false, Autostart: true, Persistent: true)];
        AssertGolden("net_list_all", NetworkFormat.NetList(nets, names: false, uuids: false));
        AssertGolden("net_list_uuid", NetworkFormat.NetList(nets, names: false, uuids: true));
    }

    [Fact]
    public void Net_info_with_a_bridge() =>
        AssertGolden("net_info", NetworkFormat.NetInfo("capnet1", CapNet, active: false, persistent: true, autostart: true, bridge: "capbr0"));
}
