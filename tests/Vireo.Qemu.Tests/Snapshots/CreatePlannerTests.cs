using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>How a snapshot request becomes per-disk steps, and every refusal, before anything is touched.</summary>
public sealed class CreatePlannerTests
{
    private const SnapshotCreateFlags DiskOnly = SnapshotCreateFlags.DiskOnly | SnapshotCreateFlags.Atomic;

    private static readonly DomainDef Def = DomainXml.Parse("""
        <domain type='qemu'>
          <name>web</name>
          <uuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</uuid>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/web-a.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/img/web-b.img'/><target dev='vdb' bus='virtio'/></disk>
            <disk type='file' device='cdrom'><source file='/img/install.iso'/><target dev='sda' bus='sata'/><readonly/></disk>
          </devices>
        </domain>
        """);

    private sealed class Facts(params string[] existing) : IPathFacts
    {
        public bool FileExists(string path) => existing.Contains(path);
        public bool DirectoryExists(string path) => path is "/img" or "/other";
    }

    private static DomainSnapshotDef Request(string xml) => SnapshotXml.Parse(xml);

    private static VirException Refused(string xml, SnapshotCreateFlags flags = DiskOnly, params string[] existing) =>
        Assert.Throws<VirException>(() => CreatePlanner.Plan(Request(xml), "s1", Def, flags, new Facts(existing)));

    [Fact]
    public void By_default_every_writable_disk_gets_an_overlay_named_like_libvirt_names_it()
    {
        var plan = CreatePlanner.Plan(Request("<domainsnapshot><name>s1</name></domainsnapshot>"), "s1", Def, DiskOnly, new Facts());
        Assert.Equal(
            [new DiskPlan("vda", "/img/web-a.qcow2", DiskFormat.Qcow2, "/img/web-a.s1", false), new DiskPlan("vdb", "/img/web-b.img", DiskFormat.Raw, "/img/web-b.s1", false)],
            plan.Disks);
        Assert.Equal(["vda", "vdb", "sda"], plan.MetadataDisks.Select(d => d.Name));
        Assert.Equal(SnapshotLocation.No, plan.MetadataDisks[2].Snapshot);
        Assert.Equal("/img/web-a.s1", plan.MetadataDisks[0].SourceFile);
    }

    [Fact]
    public void Diskspec_names_a_file_or_leaves_a_disk_out()
    {
        var plan = CreatePlanner.Plan(Request("""
            <domainsnapshot><name>s1</name><disks>
              <disk name='vda' snapshot='external'><source file='/other/a.ovl'/></disk>
              <disk name='/img/web-b.img' snapshot='no'/>
            </disks></domainsnapshot>
            """), "s1", Def, DiskOnly, new Facts());
        Assert.Equal([new DiskPlan("vda", "/img/web-a.qcow2", DiskFormat.Qcow2, "/other/a.ovl", false)], plan.Disks);
    }

    [Fact]
    public void Reuse_external_takes_existing_files_and_requires_them()
    {
        var xml = "<domainsnapshot><name>s1</name><disks><disk name='vdb' snapshot='no'/></disks></domainsnapshot>";
        var plan = CreatePlanner.Plan(Request(xml), "s1", Def, DiskOnly | SnapshotCreateFlags.ReuseExternal, new Facts("/img/web-a.s1"));
        Assert.True(plan.Disks.Single().Reuse);
        var e = Refused(xml, DiskOnly | SnapshotCreateFlags.ReuseExternal);
        Assert.Equal("Requested operation is not valid: missing existing file for disk vda: /img/web-a.s1 (--reuse-external uses overlays that already exist)", e.Message);
    }

    [Fact]
    public void An_existing_overlay_file_is_never_overwritten()
    {
        var e = Refused("<domainsnapshot/>", DiskOnly, "/img/web-b.s1");
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("external snapshot file for disk vdb already exists and is not a block device: /img/web-b.s1", e.Message);
    }

    [Fact]
    public void An_unknown_disk_is_named_with_the_disks_the_domain_has()
    {
        var e = Refused("<domainsnapshot><disks><disk name='vdz'/></disks></domainsnapshot>");
        Assert.Equal("unsupported configuration: no disk named 'vdz' in domain 'web'; its disks are vda, vdb, sda", e.Message);
    }

    [Fact]
    public void A_raw_overlay_cannot_have_a_backing_file()
    {
        var e = Refused("<domainsnapshot><disks><disk name='vda' snapshot='no'/><disk name='vdb'><driver type='raw'/><source file='/img/missing.raw'/></disk></disks></domainsnapshot>",
            DiskOnly | SnapshotCreateFlags.ReuseExternal);
        Assert.Contains("external snapshot format for disk vdb is unsupported: raw", e.Message);
    }

    [Fact]
    public void The_overlay_directory_must_exist()
    {
        var e = Refused("<domainsnapshot><disks><disk name='vda'><source file='/nonexistent/a.s1'/></disk></disks></domainsnapshot>");
        Assert.Equal("Requested operation is not valid: cannot create the overlay of disk vda: directory '/nonexistent' does not exist", e.Message);
    }

    [Fact]
    public void Two_disks_cannot_share_an_overlay()
    {
        var e = Refused("""
            <domainsnapshot><disks>
              <disk name='vda'><source file='/img/same'/></disk>
              <disk name='vdb'><source file='/img/same'/></disk>
            </disks></domainsnapshot>
            """);
        Assert.Contains("disks vda and vdb would both get the overlay '/img/same'", e.Message);
    }

    [Fact]
    public void An_overlay_cannot_be_an_image_the_disk_already_uses()
    {
        var e = Refused("<domainsnapshot><disks><disk name='vda'><source file='/img/web-a.qcow2'/></disk></disks></domainsnapshot>");
        Assert.Contains("the disk already uses that image", e.Message);
    }

    [Theory]
    [InlineData("<domainsnapshot><memory snapshot='internal'/></domainsnapshot>", DiskOnly, "saving the guest's memory is not supported")]
    [InlineData("<domainsnapshot/>", SnapshotCreateFlags.None, "pass --disk-only")]
    [InlineData("<domainsnapshot><disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>", DiskOnly, "asks for an internal snapshot")]
    [InlineData("<domainsnapshot><disks><disk name='vda' snapshot='no'/><disk name='vdb' snapshot='no'/></disks></domainsnapshot>", DiskOnly, "nothing selected for snapshot")]
    public void Requests_Vireo_does_not_do_are_refused_with_what_to_do_instead(string xml, SnapshotCreateFlags flags, string expected) =>
        Assert.Contains(expected, Refused(xml, flags).Message);

    [Fact]
    public void Memory_no_without_the_flag_means_disk_only()
    {
        var plan = CreatePlanner.Plan(Request("<domainsnapshot><memory snapshot='no'/></domainsnapshot>"), "s1", Def, SnapshotCreateFlags.None, new Facts());
        Assert.Equal(2, plan.Disks.Count);
    }

    [Theory]
    [InlineData("/img/web.qcow2", "s1", "/img/web.s1")]
    [InlineData("/img/web.s1", "s2", "/img/web.s2")]
    [InlineData("/img/web", "s1", "/img/web.s1")]
    [InlineData("/img/.hidden", "s1", "/img/.hidden.s1")]
    [InlineData("/img.d/web", "s1", "/img.d/web.s1")]
    public void Default_overlay_names(string image, string snapshot, string expected) =>
        Assert.Equal(expected, OverlayNames.Default(image, snapshot));

    [Fact]
    public void Revert_overlays_take_the_first_free_name()
    {
        var taken = new HashSet<string> { "/img/web.s1-revert1" };
        Assert.Equal("/img/web.s1-revert2", OverlayNames.ForRevert("/img/web.qcow2", "s1", taken.Contains));
    }
}
