using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// virsh blockresize against vireod with a real guest: QEMU grows the disk's active image (block_resize on
/// its format node), the guest's kernel sees the new capacity, and so do domblkinfo and qemu-img.
/// </summary>
public sealed class BlockResizeTests
{
    [Fact]
    public async Task A_running_guests_disk_grows_and_the_guest_sees_the_new_size()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("resize");
        Assert.Equal("error: Failed to resize block device 'vdb'\nerror: Requested operation is not valid: domain is not running",
            (await rig.VirshFailsAsync("blockresize", rig.Name, "vdb", "128M")).Trim());

        await using var console = await rig.StartGuestAsync();
        Assert.Equal("131072", (await console.RunAsync("cat /sys/block/vdb/size")).Trim()); // 64 MiB in 512-byte sectors

        Assert.Equal("Block device 'vdb' is resized", (await rig.VirshOkAsync("blockresize", rig.Name, "vdb", "128M")).Trim());
        Assert.Equal("262144", (await console.RunAsync("cat /sys/block/vdb/size")).Trim());
        Assert.Matches(@"Capacity:\s+134217728\n", await rig.VirshOkAsync("domblkinfo", rig.Name, "vdb"));
        Assert.Contains("\"virtual-size\": 134217728", await Tools.OkAsync("qemu-img", "info", "-U", "--output=json", rig.Disk2));

        // A size that is not whole sectors is rounded up for qcow2, as libvirt does (virsh passes bytes here).
        await rig.VirshOkAsync("blockresize", rig.Name, "vdb", "134218000b");
        Assert.Equal("262145", (await console.RunAsync("cat /sys/block/vdb/size")).Trim());

        Assert.Equal("error: Failed to resize block device 'vdx'\nerror: invalid argument: disk 'vdx' was not found in the domain config",
            (await rig.VirshFailsAsync("blockresize", rig.Name, "vdx", "128M")).Trim());
        Assert.Equal("131072", (await console.RunAsync("cat /sys/block/vda/size")).Trim()); // the other disk is untouched
    }
}
