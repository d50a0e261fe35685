using System.Net;
using System.Net.WebSockets;
using System.Text;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>
/// The console WebSocket on the real server over the test driver, whose consoles echo what is typed (it keeps no
/// history, so the replay is covered by the QEMU tests in Vireo.IntegrationTests/Web).
/// </summary>
public sealed class ConsoleTests
{
    private static async Task<ClientWebSocket> ConnectAsync(WebRig rig, string name, string? origin = null)
    {
        var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        ws.Options.SetRequestHeader("Authorization", "Bearer " + rig.Server.Token.Value);
        if (origin is not null) ws.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(rig.BaseUri, $"/api/v1/domains/test/{name}/console")) { Scheme = "ws" }.Uri;
        await ws.ConnectAsync(uri, CancellationToken.None);
        return ws;
    }

    private static async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync(ClientWebSocket ws)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var buffer = new byte[4096];
        var r = await ws.ReceiveAsync(buffer, deadline.Token);
        return (r.MessageType, Encoding.UTF8.GetString(buffer, 0, r.Count));
    }

    [Fact]
    public async Task What_is_typed_reaches_the_console_and_its_output_comes_back_as_binary()
    {
        await using var rig = await WebRig.StartAsync();
        using var ws = await ConnectAsync(rig, "test", origin: rig.BaseUri.GetLeftPart(UriPartial.Authority));
        await ws.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal((WebSocketMessageType.Binary, "hello"), await ReceiveAsync(ws));
        await ws.SendAsync(Encoding.UTF8.GetBytes("bin\r"), WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal((WebSocketMessageType.Binary, "bin\r"), await ReceiveAsync(ws));
    }

    [Fact]
    public async Task When_the_domain_stops_the_socket_is_closed_with_1000_and_the_documented_reason()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("con");
        await rig.DefineAsync(name);
        await rig.ActAsync(name, "start");
        using var ws = await ConnectAsync(rig, name);
        await rig.ActAsync(name, "destroy");
        var (type, _) = await ReceiveAsync(ws);
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
        Assert.Equal($"The console of domain '{name}' ended because the domain stopped.", ws.CloseStatusDescription);
    }

    [Fact]
    public async Task Closing_the_socket_leaves_the_guest_running_and_another_console_works()
    {
        await using var rig = await WebRig.StartAsync();
        using (var first = await ConnectAsync(rig, "test"))
        using (var beside = await ConnectAsync(rig, "test"))
        {
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            Assert.Equal(WebSocketState.Closed, first.State);
            await beside.SendAsync(Encoding.UTF8.GetBytes("still"), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal((WebSocketMessageType.Binary, "still"), await ReceiveAsync(beside));
        }
        Assert.Equal("running", rig.Driver.Domains.State(rig.Driver.Domains.LookupByName("test").Uuid).StateText);
        using var again = await ConnectAsync(rig, "test");
        await again.SendAsync(Encoding.UTF8.GetBytes("again"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal((WebSocketMessageType.Binary, "again"), await ReceiveAsync(again));
    }

    [Fact]
    public async Task The_console_of_a_shut_off_domain_is_refused_before_the_upgrade()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("off");
        await rig.DefineAsync(name);
        var e = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(rig, name));
        Assert.Contains("409", e.Message);

        var plain = await rig.Client.GetAsync("/api/v1/domains/test/test/console", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("the console is a WebSocket", await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Stopping_the_server_closes_open_consoles_and_does_not_hang()
    {
        var rig = await WebRig.StartAsync();
        using var ws = await ConnectAsync(rig, "test");
        try
        {
            await rig.Server.DisposeAsync();
            var (type, _) = await ReceiveAsync(ws);
            Assert.Equal(WebSocketMessageType.Close, type);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, ws.CloseStatus);
            Assert.Equal("running", rig.Driver.Domains.State(rig.Driver.Domains.LookupByName("test").Uuid).StateText);
        }
        finally
        {
            await rig.DisposeAsync();
        }
    }
}
