using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>
/// Reading disk chains out of QEMU 7.2's answers. The data was captured from a real QEMU with two disks:
/// vda = d1.s1 (added with blockdev-add, switched with blockdev-snapshot) over d1.mid.qcow2 (the
/// command line's libvirt-1-format) over d1.qcow2 (opened by QEMU from the header), vdb = a raw image.
/// </summary>
public sealed class BlockGraphTests
{
    private static string Data(string file, [CallerFilePath] string source = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "Data", file));

    private static IReadOnlyDictionary<string, DiskGraph> Parse() => BlockGraph.Parse(
        JsonNode.Parse(Data("query-block.json")), JsonNode.Parse(Data("query-named-block-nodes.json")),
        new Dictionary<string, string> { ["vda"] = "virtio-disk0", ["vdb"] = "virtio-disk1" });

    [Fact]
    public void Each_disk_gets_its_chain_with_the_node_of_every_image()
    {
        var vda = Parse()["vda"];
        Assert.Equal("virtio-disk0", vda.DeviceId);
        Assert.Equal(["/tmp/snapprobe/d1.s1", "/tmp/snapprobe/d1.mid.qcow2", "/tmp/snapprobe/d1.qcow2"], vda.Layers.Select(l => l.Path));
        Assert.Equal("vireo-ovl-1a2b3c4d-vda", vda.Layers[0].NodeName);
        Assert.Equal("libvirt-1-format", vda.Layers[1].NodeName);
        Assert.True(vda.Layers[2].IsImplicit, vda.Layers[2].NodeName);
        Assert.All(vda.Layers, l => Assert.Equal(DiskFormat.Qcow2, l.Format));
        Assert.All(vda.Layers, l => Assert.Equal(64UL << 20, l.VirtualSize));
    }

    [Fact]
    public void A_raw_disk_is_a_chain_of_one()
    {
        var vdb = Parse()["vdb"];
        var layer = Assert.Single(vdb.Layers);
        Assert.Equal(new BlockLayer("/tmp/snapprobe/d2.img", DiskFormat.Raw, 32UL << 20, "libvirt-2-format"), layer);
    }

    [Fact]
    public void Devices_the_driver_does_not_know_are_skipped()
    {
        var graphs = BlockGraph.Parse(JsonNode.Parse(Data("query-block.json")), JsonNode.Parse(Data("query-named-block-nodes.json")),
            new Dictionary<string, string> { ["vdb"] = "virtio-disk1" });
        Assert.Equal(["vdb"], graphs.Keys);
    }

    [Fact]
    public void Chains_written_into_the_domain_xml_end_with_an_empty_backing_store()
    {
        var def = DomainXml.Parse("""
            <domain type='qemu'><name>web</name><uuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</uuid><memory unit='MiB'>256</memory>
              <os><type arch='x86_64'>hvm</type></os>
              <devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/i/base.img'/><target dev='vda' bus='virtio'/></disk></devices>
            </domain>
            """);
        var changed = DiskChain.ReplaceDisk(def, "vda", d => DiskChain.WithLayers(d,
            [new ImageRef("/i/base.s1", DiskFormat.Qcow2), new ImageRef("/i/base.img", DiskFormat.Raw)]));
        var xml = DomainXml.Format(changed);
        Assert.Contains("""
                  <driver name='qemu' type='qcow2'/>
                  <source file='/i/base.s1'/>
                  <backingStore type='file'>
                    <format type='raw'/>
                    <source file='/i/base.img'/>
                    <backingStore/>
                  </backingStore>
            """.Replace("\r", ""), xml);
        Assert.Equal([new ImageRef("/i/base.s1", DiskFormat.Qcow2), new ImageRef("/i/base.img", DiskFormat.Raw)], DiskChain.Layers(DomainXml.Parse(xml).Devices.Disks[0]));
    }

    /// <summary>
    /// Captured from QEMU 7.2 while a backup ran on vda (ov.qcow2 over base.qcow2): blockdev-backup put an unnamed
    /// copy-before-write filter above the disk's node. The chain is read below it, with the disk's own node on top.
    /// </summary>
    [Fact]
    public void A_backups_copy_before_write_filter_is_looked_through()
    {
        var graphs = BlockGraph.Parse(JsonNode.Parse(Data("backup-query-block.json")), JsonNode.Parse(Data("backup-query-named-block-nodes.json")),
            new Dictionary<string, string> { ["vda"] = "virtio-disk0" });
        var vda = graphs["vda"];
        Assert.Equal(["/tmp/bk/ov.qcow2", "/tmp/bk/base.qcow2"], vda.Layers.Select(l => l.Path));
        Assert.Equal("libvirt-1-format", vda.Top.NodeName);
        Assert.All(vda.Layers, l => Assert.Equal(DiskFormat.Qcow2, l.Format));
    }
}
