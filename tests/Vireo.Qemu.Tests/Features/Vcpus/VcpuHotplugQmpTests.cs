using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Vcpus;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Vcpus;

/// <summary>
/// The QMP messages of vCPU hot-plug, against QEMU 7.2's own answers (query-hotpluggable-cpus,
/// query-cpus-fast and the events of a device_del, recorded from qemu-system-x86_64 under TCG with
/// -smp 1,maxcpus=3).
/// </summary>
public sealed class VcpuHotplugQmpTests
{
    private const string Hotpluggable = """
        [{"props": {"core-id": 0, "thread-id": 0, "socket-id": 2}, "vcpus-count": 1, "type": "qemu64-x86_64-cpu"},
         {"props": {"core-id": 0, "thread-id": 0, "socket-id": 1}, "vcpus-count": 1, "type": "qemu64-x86_64-cpu"},
         {"props": {"core-id": 0, "thread-id": 0, "socket-id": 0}, "vcpus-count": 1, "qom-path": "/machine/unattached/device[0]", "type": "qemu64-x86_64-cpu"}]
        """;

    private static DomainDef Def(string vcpu, string extra = "") => DomainDefaults.Apply(DomainXml.Parse($"""
        <domain type='qemu'><name>v1</name><memory unit='MiB'>64</memory>{vcpu}{extra}
          <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>
        """));

    [Fact]
    public void Plug_is_a_device_add_of_the_free_slot_with_libvirts_alias()
    {
        var slots = HotpluggableCpu.ListFromJson(JsonNode.Parse(Hotpluggable));
        var cmd = VcpuHotplugQmp.Plug(Def("<vcpu current='1'>3</vcpu>"), 2, slots);
        Assert.Equal("""{"execute":"device_add","arguments":{"driver":"qemu64-x86_64-cpu","id":"vcpu2","socket-id":2,"core-id":0,"thread-id":0}}""", cmd.ToJson());
        Assert.Equal("""{"execute":"device_del","arguments":{"id":"vcpu2"}}""", VcpuHotplugQmp.Unplug(2).ToJson());
        Assert.Equal("""{"execute":"query-hotpluggable-cpus"}""", VcpuHotplugQmp.QueryHotpluggableCpus().ToJson());

        var e = Assert.Throws<VirException>(() => VcpuHotplugQmp.Plug(Def("<vcpu current='1'>3</vcpu>"), 0, slots));
        Assert.Equal("internal error: cannot add vCPU 0 to domain 'v1': QEMU's CPU slot at socket-id=0,core-id=0,thread-id=0 already holds /machine/unattached/device[0]", e.Message);
    }

    [Fact]
    public void Plug_places_vcpus_in_the_topology_threads_first()
    {
        var def = Def("<vcpu current='1'>8</vcpu>", "<cpu><topology sockets='2' dies='2' cores='1' threads='2'/></cpu>");
        var slots = HotpluggableCpu.ListFromJson(JsonNode.Parse("""
            [{"props": {"socket-id": 1, "die-id": 0, "core-id": 0, "thread-id": 1}, "vcpus-count": 1, "type": "max-x86_64-cpu"}]
            """));
        Assert.Equal("""{"execute":"device_add","arguments":{"driver":"max-x86_64-cpu","id":"vcpu5","socket-id":1,"die-id":0,"core-id":0,"thread-id":1}}""",
            VcpuHotplugQmp.Plug(def, 5, slots).ToJson());
    }

    [Fact]
    public void Removal_is_recognised_by_the_lapic_path_QEMU_7_2_reports_and_confirmed_by_query_cpus_fast()
    {
        static QmpEvent Ev(string name, string data) => new(name, JsonNode.Parse(data) as JsonObject, DateTimeOffset.UnixEpoch);
        Assert.True(VcpuHotplugQmp.MayReportRemoval(Ev("DEVICE_DELETED", """{"path": "/machine/peripheral/vcpu2/lapic"}"""), 2));
        Assert.True(VcpuHotplugQmp.MayReportRemoval(Ev("DEVICE_DELETED", """{"device": "vcpu2", "path": "/machine/peripheral/vcpu2"}"""), 2));
        Assert.False(VcpuHotplugQmp.MayReportRemoval(Ev("DEVICE_DELETED", """{"path": "/machine/peripheral/vcpu20/lapic"}"""), 2));
        Assert.False(VcpuHotplugQmp.MayReportRemoval(Ev("ACPI_DEVICE_OST", """{"info": {"device": "vcpu2", "source": 3, "status": 132}}"""), 2));

        var cpus = QmpCpu.ListFromJson(JsonNode.Parse("""
            [{"thread-id": 25367, "props": {"core-id": 0, "thread-id": 0, "socket-id": 0}, "qom-path": "/machine/unattached/device[0]", "cpu-index": 0, "target": "x86_64"},
             {"thread-id": 25462, "props": {"core-id": 0, "thread-id": 0, "socket-id": 1}, "qom-path": "/machine/peripheral/vcpu1", "cpu-index": 1, "target": "x86_64"}]
            """));
        Assert.True(VcpuHotplugQmp.IsPresent(cpus, 1));
        Assert.False(VcpuHotplugQmp.IsPresent(cpus, 2));
    }

    [Fact]
    public void Reconcile_drops_a_plugged_vcpu_QEMU_no_longer_has()
    {
        var live = Def("<vcpu>3</vcpu>", "<vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/><vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/></vcpus>");
        var cpus = new List<QmpCpu> { new(0, 10, "/machine/unattached/device[0]", 0, 0, 0, null), new(1, 11, "/machine/peripheral/vcpu1", 1, 0, 0, null) };
        var now = VcpuHotplug.Reconcile(live, cpus);
        Assert.Equal([true, true, false], now.VcpuSlots!.Select(s => s.Enabled));
        Assert.Equal(2u, now.Vcpu!.Current);
    }
}
