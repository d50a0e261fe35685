using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Vcpus;

namespace Vireo.Qemu.Tests.Features.Vcpus;

/// <summary>
/// virsh setvcpu's rules apart from the driver. The refusals and the saved &lt;vcpus&gt; are what a sandboxed
/// libvirtd 9.0 answered and wrote for the same calls (virsh setvcpu, python-libvirt's setVcpu); the last
/// refusals are vireod's own (vCPUs present must be the first ones).
/// </summary>
public sealed class VcpuSelectionTests
{
    private static DomainDef Def(string vcpu) => DomainDefaults.Apply(DomainXml.Parse($"""
        <domain type='qemu'><name>v1</name><memory unit='MiB'>64</memory>{vcpu}
          <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
        """));

    private static string Refusal(Action a) => Assert.Throws<VirException>(a).Message;

    private static string VcpuXml(DomainDef d)
    {
        var lines = DomainXml.Format(d).Replace("\r", "").Split('\n');
        var from = Array.FindIndex(lines, l => l.TrimStart().StartsWith("<vcpu placement", StringComparison.Ordinal));
        var to = Array.FindIndex(lines, l => l.Trim() == "</vcpus>");
        return string.Join("\n", lines[from..(to < 0 ? from + 1 : to + 1)].Select(l => l.Trim()));
    }

    [Fact]
    public void The_list_and_state_are_checked_first_in_libvirts_words()
    {
        Assert.Equal([2], VcpuSelection.Parse("2", 1));
        Assert.Equal("unsupported state value", Refusal(() => VcpuSelection.Parse("x", 2)));
        Assert.Equal("invalid argument: Failed to parse bitmap 'abc'", Refusal(() => VcpuSelection.Parse("abc", 0)));
        Assert.Equal("invalid argument: no vcpus selected for modification", Refusal(() => VcpuSelection.Parse("^1", 0)));
        Assert.Equal("invalid argument: vcpu 7 is not present in persistent config", Refusal(() => VcpuSelection.CheckPresent(Def("<vcpu>3</vcpu>"), [1, 7], "persistent")));
        Assert.Equal("invalid argument: vcpu 3 is not present in live config", Refusal(() => VcpuSelection.CheckPresent(Def("<vcpu>3</vcpu>"), [3], "live")));
    }

    [Fact]
    public void A_saved_change_writes_the_vcpus_block_libvirtd_writes()
    {
        var three = Def("<vcpu>3</vcpu>");
        Assert.Equal("invalid argument: vcpu '1' can't be modified as it is followed by non-hotpluggable online vcpus",
            Refusal(() => VcpuSelection.WithConfig(three, [1], enable: false)));
        Assert.Equal("invalid argument: vCPU '0' can't be modified", Refusal(() => VcpuSelection.WithConfig(three, [0], enable: true)));

        var two = VcpuSelection.WithConfig(three, [2], enable: false);
        Assert.Equal("""
            <vcpu placement='static' current='2'>3</vcpu>
            <vcpus>
            <vcpu id='0' enabled='yes' hotpluggable='no'/>
            <vcpu id='1' enabled='yes' hotpluggable='no'/>
            <vcpu id='2' enabled='no' hotpluggable='yes'/>
            </vcpus>
            """.Replace("\r", ""), VcpuXml(two));
        Assert.Equal("""
            <vcpu placement='static' current='1'>3</vcpu>
            <vcpus>
            <vcpu id='0' enabled='yes' hotpluggable='no'/>
            <vcpu id='1' enabled='no' hotpluggable='yes'/>
            <vcpu id='2' enabled='no' hotpluggable='yes'/>
            </vcpus>
            """.Replace("\r", ""), VcpuXml(VcpuSelection.WithConfig(two, [1], enable: false)));
        // Enabling one already enabled is no error in the saved definition; it becomes hot-pluggable.
        Assert.Contains("<vcpu id='1' enabled='yes' hotpluggable='yes'/>", VcpuXml(VcpuSelection.WithConfig(two, [1], enable: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_change_names_one_vcpu_that_can_change_state()
    {
        // The live definition after setvcpu 2 --enable --live on <vcpu current='2'>3</vcpu>.
        var live = Def("""<vcpu>3</vcpu><vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' hotpluggable='no' order='2'/><vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/></vcpus>""");
        Assert.Equal("Operation not supported: vcpu '1' can't be unplugged", Refusal(() => VcpuSelection.LivePlan(live, [1], enable: false)));
        Assert.Equal("Operation not supported: vcpu '0' can't be unplugged", Refusal(() => VcpuSelection.LivePlan(live, [0], enable: false)));
        Assert.Equal("invalid argument: vcpu '2' is already in requested state", Refusal(() => VcpuSelection.LivePlan(live, [2], enable: true)));
        Assert.Equal("Operation not supported: only one hotpluggable entity can be selected", Refusal(() => VcpuSelection.LivePlan(Def("<vcpu current='1'>3</vcpu>"), [1, 2], enable: true)));
        Assert.Equal("plug [] unplug [2]", Plan(VcpuSelection.LivePlan(live, [2], enable: false)));
        Assert.Equal("plug [1] unplug []", Plan(VcpuSelection.LivePlan(Def("<vcpu current='1'>3</vcpu>"), [1], enable: true)));
        static string Plan((IReadOnlyList<uint> Plug, IReadOnlyList<uint> Unplug) p) => $"plug [{string.Join(",", p.Plug)}] unplug [{string.Join(",", p.Unplug)}]";
    }

    [Fact]
    public void Vireod_refuses_a_change_after_which_the_vcpus_present_are_not_the_first_ones()
    {
        Assert.Equal("Operation not supported: cannot enable vCPU 2 of running domain 'v1': vCPU 2 is enabled while vCPU 1 is not; vireod needs the enabled vCPUs to be the first ones (enable the lower ones first)",
            Refusal(() => VcpuSelection.LivePlan(Def("<vcpu current='1'>3</vcpu>"), [2], enable: true)));
        // libvirtd 9.0 took setvcpu 2 --disable, 1 --disable, 2 --enable (--config) on <vcpu current='2'>3</vcpu>;
        // after the last the domain could not start under vireod.
        var one = VcpuSelection.WithConfig(VcpuSelection.WithConfig(Def("<vcpu current='2'>3</vcpu>"), [2], enable: false), [1], enable: false);
        Assert.Equal("Operation not supported: cannot enable vCPU 2 in the saved definition of domain 'v1': it could not start then: vCPU 2 is enabled while vCPU 1 is not; vireod needs the enabled vCPUs to be the first ones",
            Refusal(() => VcpuSelection.WithConfig(one, [2], enable: true)));
    }
}
