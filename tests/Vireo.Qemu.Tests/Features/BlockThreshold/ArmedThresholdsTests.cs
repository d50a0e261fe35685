using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.BlockThreshold;

namespace Vireo.Qemu.Tests.Features.BlockThreshold;

/// <summary>
/// The thresholds a restarted engine finds on a guest's storage nodes, named as their events will name them:
/// the active image by its target, an image below it by its index in the domain XML.
/// </summary>
public sealed class ArmedThresholdsTests
{
    private static readonly DomainDef Live = DomainXml.Parse("""
        <domain type='qemu'><name>t</name><memory>65536</memory><os><type>hvm</type></os><devices>
          <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/top.qcow2' index='3'/>
            <backingStore type='file' index='2'><format type='qcow2'/><source file='/img/base.qcow2'/><backingStore/></backingStore>
            <target dev='vda' bus='virtio'/></disk>
          <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/img/data.raw'/><target dev='vdb' bus='virtio'/></disk>
          <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/img/gone.raw'/><target dev='vdc' bus='virtio'/></disk>
        </devices></domain>
        """);

    private static readonly Dictionary<string, DiskGraph> Graph = new()
    {
        ["vda"] = new("vda", "virtio-disk0", [
            new BlockLayer("/img/top.qcow2", DiskFormat.Qcow2, 1 << 26, "libvirt-3-format"),
            new BlockLayer("/img/base.qcow2", DiskFormat.Qcow2, 1 << 26, "libvirt-2-format"),
        ]),
        ["vdb"] = new("vdb", "virtio-disk1", [new BlockLayer("/img/data.raw", DiskFormat.Raw, 1 << 20, "libvirt-1-format")]),
    };

    [Fact]
    public void The_active_image_is_named_by_its_target_and_a_backing_image_by_its_index()
    {
        var armed = ArmedThresholds.Find(Live, Graph, new Dictionary<string, long>
        {
            ["libvirt-3-storage"] = 1048576,
            ["libvirt-2-storage"] = 2097152,
            ["libvirt-1-storage"] = 4096,
        });
        Assert.Equal([
            new ArmedThreshold("libvirt-3-storage", "vda", "/img/top.qcow2", 1048576),
            new ArmedThreshold("libvirt-2-storage", "vda[2]", "/img/base.qcow2", 2097152),
            new ArmedThreshold("libvirt-1-storage", "vdb", "/img/data.raw", 4096),
        ], armed);
    }

    [Fact]
    public void Only_storage_nodes_with_a_threshold_count_and_disks_qemu_does_not_show_are_left_out()
    {
        // A threshold on a format node is not one the API sets; vdc has no chain in QEMU's answer.
        var armed = ArmedThresholds.Find(Live, Graph, new Dictionary<string, long> { ["libvirt-3-format"] = 1, ["libvirt-9-storage"] = 5 });
        Assert.Empty(armed);
    }
}
