using System.IO.Pipelines;
using System.Net.Sockets;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>
/// The Unix socket transport (each client read by a thread of its own, replies written asynchronously):
/// calls of every size are answered, a bad frame or a client that leaves ends only its own connection.
/// </summary>
public sealed class UnixSocketTransportTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-rpc-unix-").FullName;
    private RpcServer? _server;

    private async Task<RpcServer> StartAsync()
    {
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        _server = new RpcServer([driver]);
        _server.ListenUnix(Path.Combine(_dir, "sock"));
        return _server;
    }

    private async Task<RawClient> ConnectAsync()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await s.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(_dir, "sock")), TestContext.Current.CancellationToken);
        var stream = new NetworkStream(s, ownsSocket: true);
        return new RawClient(new SocketPipe(PipeReader.Create(stream), PipeWriter.Create(stream)));
    }

    [Fact]
    public async Task Calls_small_and_large_are_answered_and_a_malformed_frame_closes_only_its_own_connection()
    {
        var server = await StartAsync();
        await using var good = await ConnectAsync();
        await good.OpenAsync();
        await using var bad = await ConnectAsync();
        await bad.SendRawAsync(new byte[] { 0, 0, 0, 8, 0, 0, 0, 0 });
        Assert.Empty(await bad.ReadUntilClosedAsync(TimeSpan.FromSeconds(30)));

        for (var i = 0; i < 100; i++)
            Assert.Equal("TEST", (await good.CallAsync(RemoteProcedure.ConnectGetType)).Decode<StringValue>().Value);
        // A 1 MiB argument arrives in many reads and pipe segments: it is one call, answered once.
        var huge = new string('x', 1 << 20);
        var reply = await good.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue(huge));
        Assert.Equal((MessageType.Reply, MessageStatus.Error), (reply.Header.Type, reply.Header.Status));
        Assert.Contains("no domain with matching name", reply.Error().Message);
        var test = (await good.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>();
        Assert.Equal("test", test.Dom.Name);
        await Poll.UntilAsync(() => server.ConnectionCount == 1, "the bad client's connection did not end");
    }

    [Fact]
    public async Task A_client_that_leaves_ends_its_connection_and_the_server_keeps_accepting()
    {
        var server = await StartAsync();
        var first = await ConnectAsync();
        await first.OpenAsync();
        Assert.Equal(1, server.ConnectionCount);
        await first.DisposeAsync();
        await Poll.UntilAsync(() => server.ConnectionCount == 0, "the connection of a client that closed its socket did not end");

        await using var second = await ConnectAsync();
        await second.OpenAsync();
        Assert.Equal("TEST", (await second.CallAsync(RemoteProcedure.ConnectGetType)).Decode<StringValue>().Value);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class SocketPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
