using System.Text;
using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>QmpClient edge cases against a scripted in-process server.</summary>
public class QmpClientFakeServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(FakeQmpServer, QmpClient)> StartAsync(QmpClientOptions? options = null)
    {
        var server = new FakeQmpServer();
        Task handshake = server.HandshakeAsync();
        var client = await QmpClient.OpenAsync(server.ClientSocket, options, Ct);
        await handshake;
        return (server, client);
    }

    [Fact]
    public async Task RepliesOutOfOrderWithEventsInterleavedReachTheRightCallers()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        Task<QmpStatus> status = client.QueryStatusAsync(Ct);
        Task<JsonNode?> hmp = client.ExecuteAsync(QmpCommands.HumanMonitorCommand("info version"), Ct);
        var first = await server.ReadCommandAsync();
        var second = await server.ReadCommandAsync();
        Assert.NotEqual(first["id"]!.ToJsonString(), second["id"]!.ToJsonString());
        var (statusCmd, hmpCmd) = (string?)first["execute"] == "query-status" ? (first, second) : (second, first);

        await server.SendLineAsync(FakeQmpServer.Event("STOP"));
        await server.ReturnAsync(hmpCmd, "\"7.2.22\\r\\n\"");
        await server.SendLineAsync(FakeQmpServer.Event("RESUME"));
        await server.ReturnAsync(statusCmd, """{"status": "running", "singlestep": false, "running": true}""");

        Assert.Equal(new QmpStatus("running", true), await status);
        Assert.Equal("7.2.22\r\n", (await hmp)!.GetValue<string>());
        Assert.Equal("STOP", (await client.Events.ReadAsync(Ct)).Name);
        Assert.Equal("RESUME", (await client.Events.ReadAsync(Ct)).Name);
    }

    [Fact]
    public async Task PartialLinesAreReassembled()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        Task<QmpStatus> status = client.QueryStatusAsync(Ct);
        var cmd = await server.ReadCommandAsync();
        string reply = $"{{\"return\": {{\"status\": \"paused\", \"running\": false}}, \"id\": {cmd["id"]}}}\r\n";
        string both = FakeQmpServer.Event("STOP") + "\r\n" + reply;
        foreach (string piece in both.Chunk(7).Select(c => new string(c)))
        {
            await server.SendRawAsync(piece);
        }
        Assert.Equal("paused", (await status).Status);
        Assert.Equal("STOP", (await client.Events.ReadAsync(Ct)).Name);
    }

    [Fact]
    public async Task HugeRepliesArrive()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        Task<JsonNode?> call = client.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(), Ct);
        var cmd = await server.ReadCommandAsync();
        var big = new StringBuilder("[");
        for (int i = 0; i < 40_000; i++)
            big.Append(i == 0 ? "" : ",").Append($"{{\"node-name\": \"n{i}\", \"drv\": \"qcow2\", \"file\": \"/images/disk-{i}.qcow2\"}}");
        big.Append(']');
        Assert.True(big.Length > 2_000_000);
        _ = server.ReturnAsync(cmd, big.ToString());
        var nodes = QmpNamedBlockNode.ListFromJson(await call);
        Assert.Equal(40_000, nodes.Count);
        Assert.Equal("/images/disk-39999.qcow2", nodes[^1].File);
    }

    [Fact]
    public async Task ALineLongerThanTheLimitBreaksTheConnectionCleanly()
    {
        var (server, client) = await StartAsync(new QmpClientOptions { MaxLineBytes = 100_000, Name = "web1" });
        await using var srv = server;
        await using var cli = client;
        Task<JsonNode?> call = client.ExecuteAsync(QmpCommands.QueryBlock(), Ct);
        await server.ReadCommandAsync();
        _ = server.SendRawAsync("{\"return\": \"" + new string('x', 300_000));
        var e = await Assert.ThrowsAsync<QmpClosedException>(() => call);
        Assert.Contains("longer than 100000 bytes", e.Message);
        Assert.Contains("query-block", e.Message);
        await client.Closed.WaitAsync(Ct);
    }

    [Fact]
    public async Task ErrorRepliesCarryClassAndDescription()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        Task<QmpBalloonInfo> call = client.QueryBalloonAsync(Ct);
        var cmd = await server.ReadCommandAsync();
        await server.SendLineAsync($"{{\"id\": {cmd["id"]}, \"error\": {{\"class\": \"DeviceNotActive\", \"desc\": \"No balloon device has been activated\"}}}}");
        var e = await Assert.ThrowsAsync<QmpException>(() => call);
        Assert.Equal(("query-balloon", "DeviceNotActive", "No balloon device has been activated"), (e.Command, e.ErrorClass, e.Description));
        Assert.Equal("QEMU refused 'query-balloon': No balloon device has been activated (DeviceNotActive).", e.Message);
    }

    [Fact]
    public async Task EofFailsEveryPendingCommandAndCompletesClosedAndEvents()
    {
        var (server, client) = await StartAsync(new QmpClientOptions { Name = "web1" });
        await using var cli = client;
        Task<QmpStatus> a = client.QueryStatusAsync(Ct);
        Task<IReadOnlyList<QmpCpu>> b = client.QueryCpusFastAsync(Ct);
        await server.ReadCommandAsync();
        await server.ReadCommandAsync();
        await server.SendLineAsync(FakeQmpServer.Event("SHUTDOWN", """{"guest": false, "reason": "host-signal"}"""));
        server.Close();

        var ea = await Assert.ThrowsAsync<QmpClosedException>(() => a);
        Assert.Contains("QEMU monitor of web1 closed", ea.Message);
        Assert.Contains("'query-status'", ea.Message);
        await Assert.ThrowsAsync<QmpClosedException>(() => b);
        await client.Closed.WaitAsync(Ct);
        Assert.IsType<QmpClosedException>(client.CloseReason);
        // The event sent before EOF is still delivered, then the channel ends.
        Assert.Equal("SHUTDOWN", (await client.Events.ReadAsync(Ct)).Name);
        Assert.False(await client.Events.WaitToReadAsync(Ct));
        // A call after the close fails at once with the same kind of error.
        await Assert.ThrowsAsync<QmpClosedException>(() => client.ContAsync(Ct));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task CancellingOneCallLeavesTheOthersWorking()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<QmpStatus> cancelled = client.QueryStatusAsync(cts.Token);
        var c1 = await server.ReadCommandAsync();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await server.ReturnAsync(c1, """{"status": "running", "running": true}"""); // late reply: discarded

        Task<QmpStatus> next = client.QueryStatusAsync(Ct);
        var c2 = await server.ReadCommandAsync();
        await server.ReturnAsync(c2, """{"status": "paused", "running": false}""");
        Assert.Equal("paused", (await next).Status);
    }

    [Fact]
    public async Task EventsBeyondTheCapDropTheOldestAndAreCounted()
    {
        var (server, client) = await StartAsync(new QmpClientOptions { EventQueueCapacity = 10 });
        await using var srv = server;
        await using var cli = client;
        var sb = new StringBuilder();
        for (int i = 0; i < 25; i++)
            sb.Append(FakeQmpServer.Event("BALLOON_CHANGE", $"{{\"actual\": {i}}}")).Append("\r\n");
        await server.SendRawAsync(sb.ToString());
        // A command round trip proves the reader has consumed every event line before it.
        Task<QmpStatus> status = client.QueryStatusAsync(Ct);
        await server.ReturnAsync(await server.ReadCommandAsync(), """{"status": "running", "running": true}""");
        await status;
        Assert.Equal(15, client.DroppedEvents);
        Assert.Equal(15, (await client.Events.ReadAsync(Ct)).GetLong("actual")); // the newest ten are kept
    }

    [Fact]
    public async Task ManyConcurrentCallersFromManyThreads()
    {
        var (server, client) = await StartAsync();
        await using var srv = server;
        await using var cli = client;
        // Echo server: answers each command with its own id as the value, in reverse batches.
        _ = Task.Run(async () =>
        {
            for (int batch = 0; batch < 10; batch++)
            {
                var cmds = new List<JsonObject>();
                for (int i = 0; i < 20; i++)
                    cmds.Add(await server.ReadCommandAsync());
                cmds.Reverse();
                foreach (var c in cmds)
                    await server.ReturnAsync(c, c["arguments"]!["command-line"]!.ToJsonString());
            }
        }, Ct);
        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            client.HumanMonitorCommandAsync($"call {i}", Ct), Ct)).ToList();
        string[] results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), results);
    }

    [Fact]
    public async Task ConnectingToANonQmpPeerFailsClearly()
    {
        var server = new FakeQmpServer();
        await using var srv = server;
        _ = server.SendLineAsync("hello, I am not QEMU");
        var e = await Assert.ThrowsAsync<QmpClosedException>(() => QmpClient.OpenAsync(server.ClientSocket, null, Ct));
        Assert.Contains("not JSON", e.Message);
    }
}
