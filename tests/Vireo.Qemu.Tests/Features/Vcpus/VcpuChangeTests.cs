using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Vcpus;

namespace Vireo.Qemu.Tests.Features.Vcpus;

/// <summary>
/// setvcpus's rules apart from the driver. Refusals are libvirtd 9.0's sentences, taken from a sandboxed
/// libvirtd given the same calls (virsh setvcpus and python-libvirt's setVcpusFlags).
/// </summary>
public sealed class VcpuChangeTests
{
    private static DomainDef Def(string vcpu, string extra = "") => DomainDefaults.Apply(DomainXml.Parse($"""
        <domain type='qemu'><name>v1</name><memory unit='MiB'>64</memory>{vcpu}{extra}
          <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
        """));

    private static string VcpuLine(DomainDef d) =>
        DomainXml.Format(d).Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("<vcpu placement", StringComparison.Ordinal) || l.StartsWith("<vcpu>", StringComparison.Ordinal));

    private static string Refusal(Action a) => Assert.Throws<VirException>(a).Message;

    [Fact]
    public void Current_changes_the_count_online_at_boot_and_refuses_more_than_the_maximum()
    {
        var d = VcpuChange.WithCurrent(Def("<vcpu current='2'>4</vcpu>"), 3);
        Assert.Equal((4u, 3u), (VcpuChange.Maximum(d), VcpuChange.Current(d)));
        Assert.Equal("invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 5 > 4",
            Refusal(() => VcpuChange.WithCurrent(d, 5)));
        Assert.Equal("invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 5 > 4",
            Refusal(() => VcpuChange.CheckAtMostMaximum(d, 5, "live")));
    }

    [Fact]
    public void Maximum_lowers_the_current_count_and_drops_pins_of_vcpus_that_no_longer_exist()
    {
        var d = Def("<vcpu current='3'>4</vcpu>", "<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='3' cpuset='0'/></cputune>");
        var lowered = VcpuChange.WithMaximum(d, 2, live: false);
        Assert.Equal((2u, 2u), (VcpuChange.Maximum(lowered), VcpuChange.Current(lowered)));
        Assert.Equal([0u], lowered.CpuTune!.VcpuPins.Select(p => p.Vcpu));
        Assert.Equal("<vcpu placement='static'>2</vcpu>", VcpuLine(lowered));

        var raised = VcpuChange.WithMaximum(lowered, 6, live: false);
        Assert.Equal((6u, 2u), (VcpuChange.Maximum(raised), VcpuChange.Current(raised)));
        Assert.Equal("<vcpu placement='static' current='2'>6</vcpu>", VcpuLine(raised));
    }

    [Fact]
    public void Maximum_refuses_a_live_domain_a_mismatching_topology_and_fewer_cpus_than_numa_cells_hold()
    {
        var d = Def("<vcpu>2</vcpu>");
        Assert.Equal("Operation not supported: maximum vcpu count of a live domain can't be modified",
            Refusal(() => VcpuChange.WithMaximum(d, 3, live: true)));
        var topo = Def("<vcpu>4</vcpu>", "<cpu><topology sockets='1' cores='2' threads='2'/></cpu>");
        Assert.Equal("invalid argument: CPU topology doesn't match the desired vcpu count", Refusal(() => VcpuChange.WithMaximum(topo, 3, false)));
        Assert.Equal(4u, VcpuChange.Maximum(VcpuChange.WithMaximum(topo, 4, false)));
        var numa = Def("<vcpu>4</vcpu>", "<cpu><numa><cell id='0' cpus='0-3' memory='64' unit='MiB'/></numa></cpu>");
        Assert.Equal("invalid argument: Number of CPUs in <numa> exceeds the desired maximum vcpu count", Refusal(() => VcpuChange.WithMaximum(numa, 2, false)));
    }

    [Fact]
    public void Targets_follow_libvirts_current_live_config_rules_and_words()
    {
        Assert.Equal((false, true), Pair(VcpuChange.Targets("v1", active: false, persistent: true, VcpuModFlags.Current)));
        Assert.Equal((true, false), Pair(VcpuChange.Targets("v1", active: true, persistent: true, VcpuModFlags.Current)));
        Assert.Equal((true, true), Pair(VcpuChange.Targets("v1", true, true, VcpuModFlags.Live | VcpuModFlags.Config)));
        Assert.Equal("Requested operation is not valid: domain is not running", Refusal(() => VcpuChange.Targets("v1", false, true, VcpuModFlags.Live)));
        Assert.Equal("Requested operation is not valid: transient domains do not have any persistent config",
            Refusal(() => VcpuChange.Targets("v1", true, false, VcpuModFlags.Config)));
        static (bool, bool) Pair(Vireo.Qemu.Driver.Features.Tuning.ChangeTargets t) => (t.Live, t.Config);
    }

    [Fact]
    public void A_live_change_plugs_the_lowest_free_vcpus_and_unplugs_the_highest_plugged_ones()
    {
        var live = Def("<vcpu current='1'>3</vcpu>");
        var slots = Vireo.Qemu.CommandLine.VcpuSlotArgs.SlotsOf(live);
        Assert.Equal("plug [1,2] unplug []", Lists(VcpuChange.LivePlan(slots, 3)));
        Assert.Equal("plug [] unplug []", Lists(VcpuChange.LivePlan(slots, 1)));

        var plugged = VcpuChange.WithSlot(VcpuChange.WithSlot(live, slots, 1, true), VcpuChange.WithSlot(live, slots, 1, true).VcpuSlots!, 2, true);
        Assert.Equal("<vcpu placement='static'>3</vcpu>", VcpuLine(plugged));
        Assert.Equal("plug [] unplug [2,1]", Lists(VcpuChange.LivePlan(plugged.VcpuSlots!, 1)));
        var down = VcpuChange.WithSlot(plugged, plugged.VcpuSlots!, 2, false);
        Assert.Equal("<vcpu placement='static' current='2'>3</vcpu>", VcpuLine(down));
        Assert.Equal([(0u, true, (uint?)1), (1u, true, 2u), (2u, false, null)], down.VcpuSlots!.Select(s => (s.Id, s.Enabled, s.Order)));

        // vCPUs booted by -smp (hotpluggable='no') cannot go: libvirt's refusal.
        var booted = Def("<vcpu current='2'>3</vcpu>");
        Assert.Equal("invalid argument: failed to find appropriate hotpluggable vcpus to reach the desired target vcpu count",
            Refusal(() => VcpuChange.LivePlan(Vireo.Qemu.CommandLine.VcpuSlotArgs.SlotsOf(booted), 1)));

        static string Lists((IReadOnlyList<uint> Plug, IReadOnlyList<uint> Unplug) p) => $"plug [{string.Join(",", p.Plug)}] unplug [{string.Join(",", p.Unplug)}]";
    }

    [Fact]
    public void The_saved_count_rewrites_a_saved_vcpus_block_and_a_new_maximum_drops_it()
    {
        var d = Def("<vcpu current='1'>3</vcpu><vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='no' hotpluggable='yes'/><vcpu id='2' enabled='no' hotpluggable='yes'/></vcpus>");
        var two = VcpuChange.WithCurrent(d, 2);
        Assert.Equal("<vcpu placement='static' current='2'>3</vcpu>", VcpuLine(two));
        Assert.Equal([true, true, false], two.VcpuSlots!.Select(s => s.Enabled));
        Assert.Null(VcpuChange.WithMaximum(two, 4, live: false).VcpuSlots);
    }

    [Fact]
    public void Hotpluggable_config_marks_the_vcpus_it_enables_as_libvirtd_writes_them()
    {
        Assert.True(VcpuChange.Targets("v1", true, true, VcpuModFlags.Config | VcpuModFlags.Hotpluggable).Config);
        // libvirtd 9.0, <vcpu current='1'>3</vcpu> after setVcpusFlags(3, CONFIG | HOTPLUGGABLE):
        var d = VcpuChange.WithCurrent(Def("<vcpu current='1'>3</vcpu>"), 3, hotpluggable: true);
        var xml = DomainXml.Format(d);
        Assert.Contains("""
              <vcpu placement='static'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no'/>
                <vcpu id='1' enabled='yes' hotpluggable='yes'/>
                <vcpu id='2' enabled='yes' hotpluggable='yes'/>
              </vcpus>
            """.Replace("\r", ""), xml, StringComparison.Ordinal);
    }
}
