using Vireo.IntegrationTests.Graphics;
using Vireo.IntegrationTests.Graphics.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// GRAPHICS with a real TCG guest's VNC display: a raw RFB client connects, picks security None, initializes and
/// closes; a stock `virsh event --event graphics --loop` and a python-libvirt callback see libvirt's three phases with
/// both addresses (the display's and the client's own port) and the auth scheme "none" -- the lines libvirtd 9.0
/// sent to the same virsh for the same handshake on its own guest's display (checked by hand, 2026-12-01).
/// </summary>
[Collection(GraphicsCollection.Name)]
public sealed class GraphicsEventTests
{
    [Fact]
    public async Task A_vnc_client_session_sends_connect_initialize_and_disconnect()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("gfxev", GraphicsXml.With("<graphics type='vnc' listen='127.0.0.1' autoport='yes'/>", GraphicsXml.Vga));
        var port = GraphicsXml.PortOf(await served.VirshOkAsync("dumpxml", name), "vnc");

        await using var virsh = LineCapture.Start("virsh", "-c", served.Uri, "event", "--domain", name, "--event", "graphics", "--loop", "--timeout", "120");
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 1, "virsh event to register its callback");
        await using var python = await LineCapture.PythonCallbackAsync(served.Uri, "VIR_DOMAIN_EVENT_ID_GRAPHICS",
            "conn, dom, phase, local, remote, auth, subject, opaque",
            "'%s|%d|%d %s %s|%d %s %s|%s|%s' % (dom.name(), phase, local['family'], local['node'], local['service'], remote['family'], remote['node'], remote['service'], auth, subject)");

        int clientPort;
        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
        {
            clientPort = rfb.LocalPort;
            Assert.Contains(RfbClient.SecurityNone, rfb.SecurityTypes);
            await rfb.InitializeWithoutAuthAsync();
        }

        var addresses = $"local[IPv4 127.0.0.1 {port}] remote[IPv4 127.0.0.1 {clientPort}] none";
        await virsh.WaitAsync(t => t.Contains("disconnect", StringComparison.Ordinal), "virsh to print the disconnect");
        Assert.Equal($"event 'graphics' for domain '{name}': connect {addresses}\n" +
                     $"event 'graphics' for domain '{name}': initialize {addresses}\n" +
                     $"event 'graphics' for domain '{name}': disconnect {addresses}\n", virsh.Text);
        await python.WaitAsync(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 4, "the three python callbacks");
        var tail = $"|0 127.0.0.1 {port}|0 127.0.0.1 {clientPort}|none|[]";
        Assert.Equal($"registered\n{name}|0{tail}\n{name}|1{tail}\n{name}|2{tail}\n", python.Text);
    }
}
