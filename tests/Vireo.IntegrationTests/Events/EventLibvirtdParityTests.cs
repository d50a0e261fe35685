using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Graphics;
using Vireo.IntegrationTests.Graphics.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// The same guest (the demo kit with an IDE cdrom and a VNC display) on a sandboxed libvirtd 9.0 and on vireod, each
/// watched by a stock `virsh event --all --loop`: the cdrom's tray opens and closes (libvirtd: `virsh change-media
/// --eject`, which opens the tray, removes the medium and closes it again; vireod has no change-media yet, so QEMU's
/// monitor does the same there) and a raw RFB client connects, initializes and closes. The tray-change and graphics
/// lines must be the same once the domain names and port numbers are set aside.
/// </summary>
[Collection(GraphicsCollection.Name)]
public sealed class EventLibvirtdParityTests
{
    private const string Devices = "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='DISC'/>" +
        "<target dev='hdc' bus='ide'/><readonly/></disk><graphics type='vnc' listen='127.0.0.1' autoport='yes'/><serial type='pty'>";

    [Fact]
    public async Task Tray_and_graphics_events_are_the_lines_libvirtd_sends()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var disc = Path.Combine(served.RootPath, "disc.iso");
        await ProcessRunner.OkAsync("truncate", ["-s", "1M", disc]);
        string Edit(string xml) => xml.Replace("<serial type='pty'>", Devices.Replace("DISC", disc, StringComparison.Ordinal), StringComparison.Ordinal);

        var theirName = DemoKit.UniqueName("evpar");
        var xmlFile = Path.Combine(libvirtd.Dir, "guest.xml");
        await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(theirName, Edit), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "create", xmlFile]);
        var theirs = await WatchAsync(libvirtd.Uri, theirName, () => ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "change-media", theirName, "hdc", "--eject"]));

        var ourName = await served.StartGuestAsync("evpar", Edit);
        var ours = await WatchAsync(served.Uri, ourName, async () =>
        {
            await served.QmpAsync(ourName, new QmpCommand("eject", new JsonObject { ["id"] = "ide0-1-0", ["force"] = true }));
            await served.QmpAsync(ourName, new QmpCommand("blockdev-close-tray", new JsonObject { ["id"] = "ide0-1-0" }));
        });

        Assert.Equal(theirs, ours);
        Assert.Equal(5, ours.Length); // opened, closed, connect, initialize, disconnect
    }

    /// <summary>Moves the tray, runs one VNC session, and returns the tray-change and graphics lines virsh printed, names and ports set aside.</summary>
    private static async Task<string[]> WatchAsync(string uri, string name, Func<Task> moveTray)
    {
        await using var virsh = LineCapture.Start("virsh", "-c", uri, "event", "--domain", name, "--all", "--loop", "--timeout", "120");
        // virsh says nothing when it has registered: change the description until its metadata-change event shows up.
        await Expect.EventuallyAsync(async () =>
        {
            await ProcessRunner.OkAsync("virsh", ["-c", uri, "desc", name, "--live", "--new-desc", "watched"]);
            return virsh.Text;
        }, t => t.Contains("metadata-change", StringComparison.Ordinal), $"virsh event on {uri} to register");
        await moveTray();
        var port = GraphicsXml.PortOf((await ProcessRunner.RunAsync("virsh", ["-c", uri, "dumpxml", name])).Stdout, "vnc");
        int clientPort;
        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
        {
            clientPort = rfb.LocalPort;
            await rfb.InitializeWithoutAuthAsync();
        }
        await virsh.WaitAsync(t => t.Contains("graphics", StringComparison.Ordinal) && t.Contains("disconnect", StringComparison.Ordinal), $"virsh event on {uri} to print the disconnect");
        await virsh.WaitAsync(t => Regex.Matches(t, "tray-change").Count >= 2, $"virsh event on {uri} to print both tray moves");
        return virsh.Lines.Where(l => l.Contains("tray-change", StringComparison.Ordinal) || l.Contains("graphics", StringComparison.Ordinal))
            .Select(l => l.Replace(name, "DOMAIN", StringComparison.Ordinal).Replace($" {port}]", " PORT]", StringComparison.Ordinal)
                .Replace($" {clientPort}]", " CLIENTPORT]", StringComparison.Ordinal))
            .ToArray();
    }
}
