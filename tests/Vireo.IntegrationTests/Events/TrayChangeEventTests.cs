using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// TRAY_CHANGE with a real TCG guest's IDE cdrom: QEMU moves the tray (its `eject` opens it, `blockdev-close-tray`
/// closes it; the guest kit has no eject tool and vireod has no change-media yet, so the test asks QEMU's monitor
/// as either would) and DEVICE_TRAY_MOVED reaches a stock `virsh event --event tray-change --loop` and a
/// python-libvirt callback as libvirt's event: the disk's alias, opened then closed.
/// </summary>
public sealed class TrayChangeEventTests
{
    [Fact]
    public async Task Opening_and_closing_a_cdrom_tray_sends_tray_change_opened_then_closed()
    {
        await using var served = await ServedEngine.StartAsync();
        var iso = Path.Combine(served.RootPath, "disc.iso");
        await ProcessRunner.OkAsync("truncate", ["-s", "1M", iso]);
        var name = await served.StartGuestAsync("tray", x => x.Replace("<serial type='pty'>",
            $"<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='{iso}'/><target dev='hdc' bus='ide'/><readonly/></disk><serial type='pty'>",
            StringComparison.Ordinal));
        await using var virsh = LineCapture.Start("virsh", "-c", served.Uri, "event", "--domain", name, "--event", "tray-change", "--loop", "--timeout", "120");
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 1, "virsh event to register its callback");
        await using var python = await LineCapture.PythonCallbackAsync(served.Uri, "VIR_DOMAIN_EVENT_ID_TRAY_CHANGE",
            "conn, dom, alias, reason, opaque", "'%s|%s|%d' % (dom.name(), alias, reason)");

        await served.QmpAsync(name, new QmpCommand("eject", new JsonObject { ["id"] = "ide0-1-0", ["force"] = true }));
        await served.QmpAsync(name, new QmpCommand("blockdev-close-tray", new JsonObject { ["id"] = "ide0-1-0" }));

        var closed = $"event 'tray-change' for domain '{name}' disk ide0-1-0: closed\n";
        await virsh.WaitAsync(t => t.Contains(closed, StringComparison.Ordinal), "virsh to print the tray closing");
        Assert.Equal($"event 'tray-change' for domain '{name}' disk ide0-1-0: opened\n" + closed, virsh.Text);
        await python.WaitAsync(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3, "both python callbacks");
        Assert.Equal($"registered\n{name}|ide0-1-0|0\n{name}|ide0-1-0|1\n", python.Text);
    }
}
