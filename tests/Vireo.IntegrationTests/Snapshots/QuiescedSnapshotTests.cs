using System.Text;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// `snapshot-create-as --disk-only --quiesce` through stock virsh on the demo guest with its agent channel.
/// The guest kit runs qemu-guest-agent on that channel; the test restarts it with a freeze hook (qemu-ga's
/// --fsfreeze-hook runs the script with "freeze" before freezing and "thaw" after thawing), so the guest
/// itself records that its file systems were frozen and thawed. A guest whose agent is not running
/// (kernel parameter vireo.noqga=1) gets a clear error and nothing changes.
/// </summary>
public sealed class QuiescedSnapshotTests
{
    private const string AgentPort = "/dev/virtio-ports/org.qemu.guest_agent.0";

    [Fact]
    public async Task Quiesce_freezes_and_thaws_the_guests_file_systems_through_its_agent_around_the_switch()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("quiesce", DemoKit.WithAgentChannel);
        await using var c = await rig.StartGuestAsync();
        await c.QuietKernelAsync();

        // A real file system on vdb (ext2, through the kernel's ext4 driver): one the agent can freeze.
        Assert.Contains("mounted", await c.RunAsync("mke2fs -q /dev/vdb 2>&1 && mkdir -p /mnt/data && mount -t ext2 /dev/vdb /mnt/data && echo mounted"));
        // The kit's agent, restarted with a hook that logs each freeze and thaw it is asked for.
        Assert.Contains("running", await c.RunAsync("[ -d /proc/$(cat /run/qemu-ga.pid) ] && echo running"));
        await c.RunAsync("printf '#!/bin/sh\\necho \"$1\" >> /run/fsfreeze-hook.log\\n' > /run/fsfreeze-hook; chmod 755 /run/fsfreeze-hook");
        Assert.Contains("restarted", await c.RunAsync(
            "p=$(cat /run/qemu-ga.pid); kill $p; while [ -d /proc/$p ]; do usleep 100000; done; " +
            $"qemu-ga -d -m virtio-serial -p {AgentPort} -t /run -f /run/qemu-ga.pid -l /run/qemu-ga.log --fsfreeze-hook=/run/fsfreeze-hook && echo restarted"));
        await rig.Served.AgentConnectedAsync(rig.Name); // the new agent opens its port a moment after it daemonized

        // Written, not synced: the data is only in the guest's page cache until something flushes it.
        var data = $"QUIESCED-{Guid.NewGuid():N}";
        await c.RunAsync($"echo {data} > /mnt/data/file");

        Assert.Contains($"Domain snapshot q1 created", await rig.VirshOkAsync("snapshot-create-as", rig.Name, "q1", "--disk-only", "--quiesce", "--atomic"));

        // The guest's agent was asked to freeze and then to thaw, in that order, once each.
        Assert.Equal("freeze\nthaw", (await c.RunAsync("cat /run/fsfreeze-hook.log")).Trim());
        // Freezing flushed the file into vdb's base image before the switch: file-system consistent, not only crash consistent.
        Assert.True(await ImageHoldsAsync(rig.Disk2, data), $"the base image {rig.Disk2} lacks the data written before the quiesced snapshot");
        // Thawed: the file system takes writes again (a frozen one would block this sync).
        Assert.Contains("written", await c.RunAsync("echo after > /mnt/data/after && sync && echo written"));

        var overlays = new[] { Path.Combine(rig.ImageDir, "d1.q1"), Path.Combine(rig.ImageDir, "d2.q1") };
        var blklist = await rig.VirshOkAsync("domblklist", rig.Name);
        Assert.All(overlays, o => Assert.Contains(o, blklist));
        Assert.Contains("q1", await rig.VirshOkAsync("snapshot-list", rig.Name, "--name"));
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2, .. overlays]);
    }

    [Fact]
    public async Task Quiesce_with_the_channel_but_no_agent_running_fails_clearly_and_changes_nothing()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("noqga", x => DemoKit.WithAgentChannel(x)
            .Replace("no_timer_check</cmdline>", "no_timer_check vireo.noqga=1</cmdline>", StringComparison.Ordinal));
        await using var c = await rig.StartGuestAsync();
        Assert.Contains("no agent", await c.RunAsync($"[ -e {AgentPort} ] && ! pidof qemu-ga && echo no agent"));
        var images = rig.ImageFiles();
        var blklist = await rig.VirshOkAsync("domblklist", rig.Name);
        var nodes = await rig.BlockNodesAsync();

        var stderr = await rig.VirshFailsAsync("snapshot-create-as", rig.Name, "q1", "--disk-only", "--quiesce");
        Assert.Contains($"QEMU guest agent is not connected: the guest of domain '{rig.Name}' has not opened its org.qemu.guest_agent.0 channel", stderr);
        Assert.Contains("is qemu-guest-agent running in the guest?", stderr);

        Assert.Equal(images, rig.ImageFiles());
        Assert.Equal(blklist, await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        Assert.Equal("", (await rig.VirshOkAsync("snapshot-list", rig.Name, "--name")).Trim());
        Assert.Equal(Vireo.Core.State.DomainState.Running, rig.State.State);
    }

    /// <summary>Whether the image (read alone, as raw bytes) contains the text anywhere.</summary>
    private static async Task<bool> ImageHoldsAsync(string image, string text)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"vit-quiesce-{Guid.NewGuid():N}.raw");
        try
        {
            await Tools.OkAsync("qemu-img", "convert", "-U", "-O", "raw", image, raw);
            var bytes = await File.ReadAllBytesAsync(raw, TestContext.Current.CancellationToken);
            return bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;
        }
        finally
        {
            File.Delete(raw);
        }
    }
}
