using Vireo.Cli.Formatting;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>Layouts checked against what Debian's virsh printed for libvirt's own test:///default host.</summary>
public sealed class TableTests
{
    [Fact]
    public void Table_pads_every_column_but_the_last_and_underlines_the_padded_width()
    {
        // virsh -c test:///default list --title
        Assert.Equal(" Id   Name   State     Title\n------------------------------\n 1    test   running   \n",
            VshTable.Format(["Id", "Name", "State", "Title"], [["1", "test", "running", ""]]));
    }

    [Fact]
    public void Interface_list_layout()
    {
        // virsh -c test:///default domiflist test
        const string xml = "<domain><devices><interface type='network'><mac address='aa:bb:cc:dd:ee:ff'/><source network='default'/>" +
                           "<target dev='testnet0'/></interface></devices></domain>";
        Assert.Equal(" Interface   Type      Source    Model   MAC\n------------------------------------------------------------\n" +
                     " testnet0    network   default   -       aa:bb:cc:dd:ee:ff\n", DeviceFormat.InterfaceList(xml));
    }

    [Fact]
    public void Block_list_with_details()
    {
        // virsh -c test:///default domblklist test --details
        const string xml = "<domain><devices><disk type='file' device='disk'><source file='/guest/diskimage1'/><target dev='vda'/></disk></devices></domain>";
        Assert.Equal(" Type   Device   Target   Source\n---------------------------------------------\n file   disk     vda      /guest/diskimage1\n",
            DeviceFormat.BlockList(xml, details: true));
    }

    [Fact]
    public void Cpu_map_free_cells_and_cpu_stats()
    {
        // virsh -c test:///default nodecpumap / freecell --all / nodecpustats
        Assert.Equal("CPUs present:   8\nCPUs online:    3\nCPU map:        y-y-y---\n",
            HostFormat.CpuMap([true, false, true, false, true, false, false, false], 3, pretty: false));
        Assert.Equal("CPU map:        0,2,4\n", HostFormat.CpuMap([true, false, true, false, true, false, false, false], 3, pretty: true).Split('\n')[2] + "\n");
        Assert.Equal("    0:       2048 KiB\n    1:       4096 KiB\n--------------------\nTotal:       6144 KiB\n",
            HostFormat.FreeCells([(0, 2048 * 1024), (1, 4096 * 1024)]));
        Assert.Equal("Total: 3072 KiB\n", HostFormat.FreeTotal(3072 * 1024));
        Assert.Equal("user:                     9797400000\nsystem:               34678723400000\nidle:                    87264900000\niowait:                    763600000\n",
            HostFormat.CpuStats([new NodeStat("intr", 1), new NodeStat("user", 9797400000), new NodeStat("kernel", 34678723400000),
                new NodeStat("idle", 87264900000), new NodeStat("iowait", 763600000)]));
    }

    [Fact]
    public void Vcpuinfo_blocks_live_and_configured()
    {
        // virsh -c test:///default vcpuinfo test (one block)
        Assert.Equal("VCPU:           0\nCPU:            15\nState:          running\nCPU time:       179599.9s\nCPU Affinity:   yyyyyyyy\n",
            DomainFormat.VcpuInfoBlock(0, new VcpuInfo(0, 1, 179_599_900_000_000, 15), "yyyyyyyy"));
        Assert.Equal("VCPU:           1\nCPU:            N/A\nState:          N/A\nCPU time        N/A\nCPU Affinity:   y-\n",
            DomainFormat.VcpuInfoBlock(1, null, DomainFormat.AffinityMap([0b01], 2)));
    }

    [Fact]
    public void Vcpucount_rows()
    {
        Assert.Equal("maximum      config         2\nmaximum      live           2\ncurrent      config         2\ncurrent      live           2\n",
            DomainFormat.VcpuCount(2, 2, 2, 2));
        Assert.Equal("maximum      config         4\ncurrent      config         1\n", DomainFormat.VcpuCount(4, null, 1, null));
    }

    [Fact]
    public void Block_and_interface_stats()
    {
        // virsh -c test:///default domblkstat test vda [--human]; domifstat test testnet0
        Core.Params.TypedParameter[] p =
        [
            Core.Params.TypedParameter.LLong("rd_operations", 1), Core.Params.TypedParameter.LLong("rd_bytes", 2),
            Core.Params.TypedParameter.LLong("wr_operations", 3), Core.Params.TypedParameter.LLong("wr_bytes", 4),
            Core.Params.TypedParameter.LLong("errs", 5),
        ];
        Assert.Equal("vda rd_req 1\nvda rd_bytes 2\nvda wr_req 3\nvda wr_bytes 4\nvda errs 5\n", StatsFormat.BlockStats("vda", p, human: false));
        Assert.Equal("Device: vda\n number of read operations:      1\n number of bytes read:           2\n number of write operations:     3\n" +
                     " number of bytes written:        4\n error count:                    5\n", StatsFormat.BlockStats("vda", p, human: true));
        Assert.Equal("testnet0 rx_bytes 1\ntestnet0 tx_drop 8\n",
            StatsFormat.InterfaceStats("testnet0", new InterfaceStats(1, -1, -1, -1, -1, -1, -1, 8)));
    }

    [Theory]
    [InlineData(DomainControlState.Ok, 0u, 0ul, "ok\n")] // virsh domcontrol of a running domain under libvirtd 9.0
    [InlineData(DomainControlState.Job, 0u, 1234ul, "background job (1.234s)\n")]
    [InlineData(DomainControlState.Occupied, 0u, 5ul, "occupied (0.005s)\n")]
    [InlineData(DomainControlState.Error, 2u, 0ul, "error: monitor failure\n")]
    public void Domcontrol_lines(DomainControlState state, uint details, ulong ms, string expected) =>
        Assert.Equal(expected, DomainFormat.DomControl(new DomainControlInfo(state, details, ms)));
}
