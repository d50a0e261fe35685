using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// virsh blockcopy and python-libvirt's blockCopy on the real guest: the data the guest wrote before and during the
/// copy is in the destination after the pivot, the live XML shows &lt;mirror&gt; while it mirrors, BLOCK_JOB and
/// BLOCK_JOB_2 go out with type COPY, and a finished, cancelled or refused copy leaves the disk on its original.
/// </summary>
public sealed class BlockCopyTests
{
    private const long S0 = 2048, S1 = 4096, S2 = 6144;

    [Fact]
    public async Task A_copy_pivots_to_the_destination_with_the_guests_data_and_a_finish_or_cancel_keeps_the_original()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("blockcopy");
        using var events = new EventLog(rig.Events, rig.Name);
        await using var console = await rig.StartGuestAsync();
        var copy = Path.Combine(rig.ImageDir, "copy.qcow2");
        await console.WriteAsync("vda", S0, "C0-vda");

        // A persistent domain needs --transient-job, as with libvirtd; a destination that exists needs --reuse-external.
        Assert.Contains("error: Requested operation is not valid: domain is not transient", await rig.VirshFailsAsync("blockcopy", rig.Name, "vda", copy));
        var nodes = await rig.BlockNodesAsync();
        Assert.Contains($"error: unsupported configuration: external destination file for disk vda already exists and is not a block device: {rig.Disk2}",
            await rig.VirshFailsAsync("blockcopy", rig.Name, "vda", rig.Disk2, "--transient-job"));
        Assert.Contains("error: failed to create copy target: No such file or directory",
            await rig.VirshFailsAsync("blockcopy", rig.Name, "vda", Path.Combine(rig.ImageDir, "no", "c.qcow2"), "--transient-job"));
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        Assert.Equal(["d1.qcow2", "d2.qcow2"], rig.ImageFiles());

        // Copy and mirror: the live XML shows the destination, ready.
        Assert.Contains("Now in mirroring phase", await rig.VirshOkAsync("blockcopy", rig.Name, "vda", copy, "--transient-job", "--wait", "--verbose"));
        var live = await rig.VirshOkAsync("dumpxml", rig.Name);
        Assert.True(live.Contains($"<mirror type='file' file='{copy}' format='qcow2' job='copy' ready='yes'>\n        <format type='qcow2'/>\n        <source file='{copy}'/>\n        <backingStore/>\n      </mirror>",
            StringComparison.Ordinal), live);
        Assert.DoesNotContain("<mirror", await rig.VirshOkAsync("dumpxml", rig.Name, "--inactive"));
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vda", JobType: (int)BlockJobType.Copy, Status: (int)BlockJobStatus.Ready });
        Assert.Contains("error: block copy still active: disk 'vda' already in active block job",
            await rig.VirshFailsAsync("blockcopy", rig.Name, "vda", copy + ".2", "--transient-job"));
        var progress = await rig.VirshAsync("blockjob", rig.Name, "vda", "--info");
        Assert.Matches(@"Block Copy: \[100 %\]", progress.Stderr);

        // What the guest writes while mirroring reaches both images; the pivot moves the disk.
        await console.WriteAsync("vda", S1, "C1-vda");
        await rig.VirshOkAsync("blockjob", rig.Name, "vda", "--pivot");
        Assert.Contains($"vda      {copy}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Contains($"vda      {copy}", await rig.VirshOkAsync("domblklist", rig.Name, "--inactive"));
        Assert.DoesNotContain("<mirror", await rig.VirshOkAsync("dumpxml", rig.Name));
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vda", JobType: (int)BlockJobType.Copy, Status: (int)BlockJobStatus.Completed });
        Assert.Contains(events.All.OfType<BlockJobPathEvent>(), e => e is { JobType: (int)BlockJobType.Copy, Status: (int)BlockJobStatus.Completed } && e.Path == rig.Disk1);
        // The copy's node is the disk's now; the original image's two nodes are closed.
        var after = await rig.BlockNodesAsync();
        Assert.Equal(["vireo-copy1-vda"], after.Except(nodes));
        Assert.Equal(2, nodes.Except(after).Count());
        await console.WriteAsync("vda", S2, "C2-vda");
        Assert.Equal("C0-vda", await console.ReadAsync("vda", S0));
        foreach (var (sector, text) in new[] { (S0, "C0-vda"), (S1, "C1-vda"), (S2, "C2-vda") })
            Assert.Equal(text, await Tools.ReadSectorAsync(copy, sector));
        Assert.Equal("", await Tools.ReadSectorAsync(rig.Disk1, S2));
        Assert.Contains("Capacity:       67108864\n", await rig.VirshOkAsync("domblkinfo", rig.Name, "vda"));

        // python-libvirt's blockCopy (the new API with typed parameters), then a plain abort: vdb stays on its image.
        var raw = Path.Combine(rig.ImageDir, "vdb.raw");
        await console.WriteAsync("vdb", S0, "C0-vdb");
        var printed = await rig.Served.PythonAsync(rig.Name, $$"""
            import time
            d.blockCopy('vdb', "<disk type='file'><source file='{{raw}}'/><driver type='raw'/></disk>",
                        {'granularity': 65536, 'buf-size': 1048576}, libvirt.VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB)
            for _ in range(600):
                info = d.blockJobInfo('vdb', 0)
                if "ready='yes'" in d.XMLDesc(0): break
                time.sleep(0.1)
            print(info['type'], "ready='yes'" in d.XMLDesc(0))
            d.blockJobAbort('vdb', 0)
            print(d.blockJobInfo('vdb', 0))
            try:
                d.blockCopy('vdb', "<disk type='file'><source file='{{raw}}.x'/></disk>", {'bogus': 1}, libvirt.VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e)
            """);
        Assert.Equal($"2 True\n{{}}\n{(int)Vireo.Core.Errors.VirErrorCode.ArgumentUnsupported} argument unsupported: parameter 'bogus' not supported\n", printed);
        Assert.Contains($"vdb      {rig.Disk2}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal("C0-vdb", await Tools.ReadSectorAsync(raw, S0));
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vdb", JobType: (int)BlockJobType.Copy, Status: (int)BlockJobStatus.Canceled });
        Assert.DoesNotContain(await rig.BlockNodesAsync(), n => n.StartsWith("vireo-copy1-vdb", StringComparison.Ordinal));

        // A copy held back to 1 byte/s and aborted: the disk stays on its image, the copy's node goes.
        var slow = Path.Combine(rig.ImageDir, "slow.qcow2");
        Assert.Contains("Block Copy started", await rig.VirshOkAsync("blockcopy", rig.Name, "vdb", slow, "--transient-job", "--format", "qcow2", "--bandwidth", "1", "--bytes"));
        Assert.Contains($"file=\"{slow}\"", await rig.VirshOkAsync("dumpxml", rig.Name, "--xpath", "//disk/mirror"));
        await rig.VirshOkAsync("blockjob", rig.Name, "vdb", "--abort");
        Assert.Contains($"vdb      {rig.Disk2}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal("", (await rig.VirshOkAsync("dumpxml", rig.Name, "--xpath", "//disk/mirror")).Trim());
        Assert.Equal("C0-vdb", await console.ReadAsync("vdb", S0));
        Assert.DoesNotContain(await rig.BlockNodesAsync(), n => n.StartsWith("vireo-copy1-vdb", StringComparison.Ordinal));

        // vireo's own blockcopy and blockjob: a raw copy of vdb, pivoted.
        var viaCli = Path.Combine(rig.ImageDir, "vdb.cli.raw");
        Assert.Contains("Successfully pivoted", await rig.Served.VireoOkAsync("blockcopy", rig.Name, "vdb", viaCli, "--transient-job", "--format", "raw", "--pivot"));
        Assert.Contains("No current block job for vdb", await rig.Served.VireoOkAsync("blockjob", rig.Name, "vdb", "--info"));
        Assert.Contains($"vdb      {viaCli}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal("C0-vdb", await console.ReadAsync("vdb", S0));
        Assert.Equal("C0-vdb", await Tools.ReadSectorAsync(viaCli, S0));
        await Tools.CheckAllAsync([copy, rig.Disk1, rig.Disk2]);
    }
}
