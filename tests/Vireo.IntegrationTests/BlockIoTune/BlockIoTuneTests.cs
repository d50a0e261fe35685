using System.Text.Json.Nodes;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.BlockIoTune;

/// <summary>
/// Disk I/O throttling on a real TCG guest served by vireod: the disk's &lt;iotune&gt; is in QEMU once the guest
/// runs (QMP query-block of the guest shows it), Debian's virsh blkdeviotune and python-libvirt read and change it
/// live and in the saved definition, each live change reaches QEMU and the live XML and sends the tunable event,
/// and refusals are libvirtd 9.0's (the expected texts are what virsh printed against a sandboxed libvirtd).
/// </summary>
public sealed class BlockIoTuneTests
{
    internal const string IoTune =
        "<iotune><total_bytes_sec>1000000</total_bytes_sec><total_iops_sec>200</total_iops_sec><total_iops_sec_max>400</total_iops_sec_max>" +
        "<size_iops_sec>4096</size_iops_sec><group_name>g1</group_name></iotune>";

    internal static Func<string, string> WithThrottledDisk(string image) => xml => xml.Replace("<serial type='pty'>",
        $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vda' bus='virtio'/>{IoTune}</disk><serial type='pty'>",
        StringComparison.Ordinal);

    /// <summary>The "inserted" of the guest's vda in QEMU's query-block.</summary>
    internal static JsonObject Inserted(JsonNode? queryBlock) =>
        (JsonObject)queryBlock!.AsArray().Single(b => (string?)b!["qdev"] == "/machine/peripheral/virtio-disk0/virtio-backend")!["inserted"]!;

    /// <summary>
    /// The throttle settings of query-block's "inserted" object (bps*, iops*, group), as JSON text. The rest moves on
    /// its own while the guest boots: its virtio-blk driver switches the write cache (cache.writeback).
    /// </summary>
    private static string Throttle(JsonObject inserted) =>
        new JsonObject(inserted.Where(p => p.Key.StartsWith("bps", StringComparison.Ordinal) || p.Key.StartsWith("iops", StringComparison.Ordinal) || p.Key == "group")
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();

    /// <summary>The disk's element of a domain XML (the rest of a booting guest's live XML may change meanwhile).</summary>
    private static string Disk(string xml) => xml[xml.IndexOf("<disk", StringComparison.Ordinal)..(xml.IndexOf("</disk>", StringComparison.Ordinal) + 7)];

    private static string Line(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + ":", StringComparison.Ordinal));

    [Fact]
    public async Task The_iotune_of_the_XML_is_in_QEMU_and_blkdeviotune_changes_it_live_and_in_the_config()
    {
        await using var served = await ServedEngine.StartAsync();
        var image = Path.Combine(served.RootPath, "io.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = await served.StartGuestAsync("iot", WithThrottledDisk(image));

        var started = Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock()));
        Assert.Equal((1000000L, 200L, 400L, 4096L, "g1"),
            ((long)started["bps"]!, (long)started["iops"]!, (long)started["iops_max"]!, (long)started["iops_size"]!, (string?)started["group"]));

        var live = await served.VirshOkAsync("blkdeviotune", name, "vda");
        Assert.StartsWith("total_bytes_sec: 1000000\nread_bytes_sec : 0\nwrite_bytes_sec: 0\ntotal_iops_sec : 200\n", live);
        Assert.Contains("\nsize_iops_sec  : 4096\ngroup_name     : g1\ntotal_bytes_sec_max_length: 0\n", live);
        Assert.Equal("total_iops_sec_max_length: 1", Line(live, "total_iops_sec_max_length")); // QEMU's default burst length

        using var events = new EventLog(served.Driver.Events, name);
        await served.VirshOkAsync("blkdeviotune", name, "vda", "--read-bytes-sec", "500000", "--live");
        var changed = Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock()));
        Assert.Equal((0L, 500000L, 200L, "g1"), ((long)changed["bps"]!, (long)changed["bps_rd"]!, (long)changed["iops"]!, (string?)changed["group"]));
        var tunable = (TunableEvent)await events.WaitForAsync(e => e is TunableEvent, TimeSpan.FromSeconds(10), "the tunable event");
        Assert.Equal(["blkdeviotune.disk=vda", "blkdeviotune.read_bytes_sec=500000"], tunable.Params.Select(p => $"{p.Field}={p}"));
        Assert.Contains("<iotune>\n        <read_bytes_sec>500000</read_bytes_sec>\n        <total_iops_sec>200</total_iops_sec>",
            await served.VirshOkAsync("dumpxml", name));
        // The saved definition is untouched by a live change.
        Assert.Equal("total_bytes_sec: 1000000", Line(await served.VirshOkAsync("blkdeviotune", name, "vda", "--config"), "total_bytes_sec"));

        // python-libvirt: the same parameters as a dict, and a change through setBlockIoTune.
        var py = await served.PythonAsync(name,
            "d.setBlockIoTune('vda', {'total_iops_sec': 300, 'total_iops_sec_max': 600}, libvirt.VIR_DOMAIN_AFFECT_LIVE)\n" +
            "t = d.blockIoTune('vda', libvirt.VIR_DOMAIN_AFFECT_LIVE)\n" +
            "print(len(t), t['read_bytes_sec'], t['total_iops_sec'], t['total_iops_sec_max'], t['group_name'])");
        Assert.Equal("20 500000 300 600 g1\n", py);
        var byPython = Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock()));
        Assert.Equal((300L, 600L), ((long)byPython["iops"]!, (long)byPython["iops_max"]!));

        // vireo prints what virsh prints, and its changes reach QEMU too.
        var (virsh, vireo) = await served.BothOkAsync("blkdeviotune", name, "vda", "--live");
        Assert.Equal(virsh, vireo);
        await served.VireoOkAsync("blkdeviotune", name, "vda", "--write-bytes-sec", "1M", "--live");
        Assert.Equal(1048576L, (long)Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock()))["bps_wr"]!);

        await served.VirshOkAsync("blkdeviotune", name, image, "--write-iops-sec", "50", "--total-iops-sec-max", "0", "--config");
        Assert.Contains("<iotune>\n        <total_bytes_sec>1000000</total_bytes_sec>\n        <write_iops_sec>50</write_iops_sec>\n        <size_iops_sec>4096</size_iops_sec>\n        <group_name>g1</group_name>\n      </iotune>",
            await served.VirshOkAsync("dumpxml", name, "--inactive"));
    }

    [Fact]
    public async Task Refusals_are_libvirtds_and_change_nothing()
    {
        await using var served = await ServedEngine.StartAsync();
        var image = Path.Combine(served.RootPath, "io.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = await served.StartGuestAsync("iotr", WithThrottledDisk(image));
        var before = Disk(await served.VirshOkAsync("dumpxml", name));
        var qemuBefore = Throttle(Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock())));
        Assert.Contains("\"iops_max\":400", qemuBefore);

        Assert.Equal("error: Unable to get block I/O throttle parameters\nerror: invalid argument: disk 'vdz' not found in domain",
            (await served.VirshFailsAsync("blkdeviotune", name, "vdz")).Trim());
        Assert.Equal("error: Unable to get block I/O throttle parameters\nerror: invalid argument: disk 'vdz' was not found in the domain config",
            (await served.VirshFailsAsync("blkdeviotune", name, "vdz", "--config")).Trim());
        Assert.Equal("error: Unable to change block I/O throttle\nerror: invalid argument: total and read/write of bytes_sec cannot be set at the same time",
            (await served.VirshFailsAsync("blkdeviotune", name, "vda", "--total-bytes-sec", "10", "--read-bytes-sec", "5")).Trim());
        Assert.Equal("error: Unable to change block I/O throttle\nerror: unsupported configuration: cannot reset 'total_iops_sec' when 'total_iops_sec_max' is set",
            (await served.VirshFailsAsync("blkdeviotune", name, "vda", "--read-iops-sec", "7", "--live")).Trim());
        Assert.Equal("error: Unable to change block I/O throttle\nerror: unsupported configuration: value 'total_bytes_sec_max' cannot be smaller than 'total_bytes_sec'",
            (await served.VirshFailsAsync("blkdeviotune", name, "vda", "--total-bytes-sec", "100", "--total-bytes-sec-max", "50", "--live")).Trim());
        Assert.Equal("error: Unable to change block I/O throttle\nerror: argument unsupported: block I/O throttle limit value must be no more than 1000000000000000",
            (await served.VirshFailsAsync("blkdeviotune", name, "vda", "--total-bytes-sec", "1000000000000001")).Trim());
        await served.BothRefuseAsync("error: Unable to get number of block I/O throttle parameters\nerror: Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
            "blkdeviotune", name, "vda", "--live", "--config");
        await served.BothRefuseAsync("error: Scaled numeric value 'abc' for <total-bytes-sec> option is malformed or out of range\nerror: Unable to parse integer parameter",
            "blkdeviotune", name, "vda", "--total-bytes-sec", "abc");
        await served.BothRefuseAsync("error: Unable to get block I/O throttle parameters\nerror: invalid argument: disk 'vdz' not found in domain",
            "blkdeviotune", name, "vdz");

        Assert.Equal(before, Disk(await served.VirshOkAsync("dumpxml", name)));
        Assert.Equal(qemuBefore, Throttle(Inserted(await served.QmpAsync(name, QmpCommands.QueryBlock()))));

        await served.VirshOkAsync("destroy", name);
        Assert.Equal("error: Unable to get number of block I/O throttle parameters\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("blkdeviotune", name, "vda", "--live")).Trim());
    }
}
