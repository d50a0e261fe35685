using System.Text;
using System.Text.Json.Nodes;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.BlockThreshold;

/// <summary>
/// virsh domblkthreshold against vireod with a real TCG guest: the threshold lands on the image's storage node (as
/// libvirtd 9.0 sets it), and when the guest really writes past it, QEMU's BLOCK_WRITE_THRESHOLD becomes libvirt's
/// BLOCK_THRESHOLD event, printed by a stock `virsh event --event block-threshold --loop`. vireo and
/// python-libvirt set thresholds too. Refusals use libvirtd 9.0's words.
/// </summary>
public sealed class BlockThresholdTests
{
    [Fact]
    public async Task Writing_past_the_threshold_inside_the_guest_sends_one_block_threshold_event()
    {
        await using var served = await ServedEngine.StartAsync();
        var image = Path.Combine(served.RootPath, "thin.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = await served.StartGuestAsync("thr", xml => xml.Replace("<serial type='pty'>",
            $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vdb' bus='virtio'/></disk><serial type='pty'>",
            StringComparison.Ordinal));
        await using var console = await served.ReadyConsoleAsync(name);

        using var events = System.Diagnostics.Process.Start(ProcessRunner.StartInfo("virsh",
            ["-c", served.Uri, "event", "--domain", name, "--event", "block-threshold", "--loop", "--timeout", "120"]))!;
        var seen = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            while (await events.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
                lock (seen) seen.AppendLine(line);
        }, TestContext.Current.CancellationToken);
        try
        {
            await Until(() => served.Rpc.EventRegistrationCount > 0, "virsh event to register its callback");
            Assert.Equal("\n", await served.VirshOkAsync("domblkthreshold", name, "vdb", "1M"));
            Assert.Equal(1048576L, await WriteThreshold(served, name));

            // 4 MiB of data from the guest (its only virtio disk is /dev/vda there): the qcow2 file grows past 1 MiB on the host.
            var ddOut = await console.RunAsync("dd if=/dev/urandom of=/dev/vda bs=64k count=64 oflag=direct 2>&1; sync; echo written");
            var after = await WriteThreshold(served, name);
            var alloc = new FileInfo(image).Length;
            await Until(() => { lock (seen) return seen.ToString().Contains("block-threshold", StringComparison.Ordinal); }, $"the block-threshold event (threshold now {after}, image {alloc} bytes, dd said: {ddOut})");
            string text;
            lock (seen) text = seen.ToString();
            Assert.Matches($@"^event 'block-threshold' for domain '{name}': dev: vdb\({System.Text.RegularExpressions.Regex.Escape(image)}\) 1048576 [1-9]\d*\n$", text);
            Assert.Equal(0L, await WriteThreshold(served, name)); // one-shot: QEMU cleared it
        }
        finally
        {
            if (!events.HasExited) events.Kill();
            await reader;
        }
    }

    [Fact]
    public async Task The_threshold_is_refused_for_an_unknown_disk_a_shut_off_domain_and_a_percentage_and_cleared_with_zero()
    {
        await using var served = await ServedEngine.StartAsync();
        var image = Path.Combine(served.RootPath, "t.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = await served.StartGuestAsync("thr", xml => xml.Replace("<serial type='pty'>",
            $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk><serial type='pty'>",
            StringComparison.Ordinal));
        Assert.Equal("error: invalid argument: failed to find disk 'vdz'", (await served.VirshFailsAsync("domblkthreshold", name, "vdz", "1M")).Trim());
        Assert.Equal("error: Scaled numeric value '10%' for <threshold> option is malformed or out of range",
            (await served.VirshFailsAsync("domblkthreshold", name, "vda", "10%")).Trim().Split('\n')[0]);
        var vireoPercent = await served.VireoAsync("domblkthreshold", name, "vda", "10%");
        Assert.Equal((1, "error: Scaled numeric value '10%' for <threshold> option is malformed or out of range"), (vireoPercent.ExitCode, vireoPercent.Stderr.Trim()));

        // By index (the active image is vda[1]) and by path, through vireo and python-libvirt; 0 clears it.
        await served.VireoOkAsync("domblkthreshold", name, "vda[1]", "2M");
        Assert.Equal(2097152L, await WriteThreshold(served, name));
        // domstats shows it as libvirtd does, from the storage node.
        Assert.Contains("  block.0.threshold=2097152\n", await served.VirshOkAsync("domstats", name, "--block"));
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{served.Uri}}').lookupByName('{{name}}')
            d.setBlockThreshold('{{image}}', 3 * 1024 * 1024)
            print('set')
            """]);
        Assert.Equal((0, "set\n"), (python.ExitCode, python.Stdout));
        Assert.Equal(3145728L, await WriteThreshold(served, name));
        await served.VirshOkAsync("domblkthreshold", name, "vda", "0");
        Assert.Equal(0L, await WriteThreshold(served, name));
        Assert.DoesNotContain("threshold", await served.VirshOkAsync("domstats", name, "--block"));

        await served.VirshOkAsync("destroy", name);
        Assert.Equal("error: Requested operation is not valid: domain is not running", (await served.VirshFailsAsync("domblkthreshold", name, "vda", "1M")).Trim());
    }

    /// <summary>The write threshold QEMU holds on the disk's storage node ("libvirt-N-storage", as libvirtd sets it).</summary>
    private static async Task<long> WriteThreshold(ServedEngine served, string name)
    {
        var nodes = (await served.QmpAsync(name, new QmpCommand("query-named-block-nodes", new JsonObject { ["flat"] = true }))) as JsonArray ?? [];
        var storage = nodes.Where(n => ((string?)n!["node-name"])?.EndsWith("-storage", StringComparison.Ordinal) == true && ((string?)n!["drv"]) == "file")
            .Select(n => (long?)n!["write_threshold"] ?? 0).ToList();
        Assert.Single(storage);
        Assert.All(nodes.Where(n => ((string?)n!["node-name"])?.EndsWith("-format", StringComparison.Ordinal) == true), n => Assert.Equal(0L, (long?)n!["write_threshold"] ?? 0));
        return storage[0];
    }

    /// <summary>Waits for a condition the test reads in memory (an event count, a captured line), with Expect's bound.</summary>
    private static Task Until(Func<bool> condition, string what) => Expect.EventuallyAsync(() => Task.FromResult(condition()), ok => ok, what);
}
