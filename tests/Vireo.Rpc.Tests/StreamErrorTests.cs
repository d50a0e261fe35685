using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Test;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>A console that fails on the server side ends its stream with STREAM/ERROR and a remote_error.</summary>
public sealed class StreamErrorTests
{
    [Fact]
    public async Task A_failing_console_sends_a_stream_error_and_the_connection_goes_on()
    {
        var inner = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await inner.StartAsync(CancellationToken.None);
        await using var server = new RpcServer([new BrokenConsoleDriver(inner)]);
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var test = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        var open = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(test, null, 0));
        Assert.Equal(MessageStatus.Ok, open.Header.Status);
        var failure = await c.ReadAsync();
        Assert.Equal((MessageType.Stream, MessageStatus.Error, open.Header.Serial), (failure!.Header.Type, failure.Header.Status, failure.Header.Serial));
        Assert.Equal("internal error: stream had unexpected termination", failure.Error().Message);
        Assert.Equal(MessageStatus.Ok, (await c.CallAsync(RemoteProcedure.ConnectGetType)).Header.Status);
    }

    /// <summary>
    /// A write that fails while the client's finish is arriving (vol-upload past --length: data then finish,
    /// back to back) must never be confirmed with STREAM/OK, whichever of the two the server sees first.
    /// Repeated because the two meet on different threads. CI once saw the OK (virsh's vol-upload past its
    /// --length exited 0); the window was between the pump's check of the finish and its Fail, too narrow
    /// to hit on demand, so this loop guards the contract rather than reproducing that run.
    /// </summary>
    [Fact]
    public async Task A_write_failing_as_the_client_finishes_answers_the_finish_with_the_error()
    {
        var inner = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await inner.StartAsync(CancellationToken.None);
        await using var server = new RpcServer([new BrokenConsoleDriver(inner, failWrites: true)]);
        await using var c = new RawClient(server.ConnectInProcess());
        await c.OpenAsync();
        var test = (await c.CallAsync(RemoteProcedure.DomainLookupByName, new StringValue("test"))).Decode<DomainRet>().Dom;
        for (var i = 0; i < 200; i++)
        {
            var open = await c.CallAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(test, null, 0));
            Assert.Equal(MessageStatus.Ok, open.Header.Status);
            var data = open.Header with { Type = MessageType.Stream, Status = MessageStatus.Continue };
            await SendAsync(c, MessageBuilder.Raw(data, "more than the volume takes"u8));
            await SendAsync(c, MessageBuilder.Empty(data with { Status = MessageStatus.Ok }));
            var end = await c.ReadAsync();
            Assert.Equal((MessageType.Stream, MessageStatus.Error, open.Header.Serial), (end!.Header.Type, end.Header.Status, end.Header.Serial));
            Assert.Equal("cannot write to stream: No space left on device", end.Error().Message);
        }
    }

    private static async Task SendAsync(RawClient c, OutgoingMessage m)
    {
        await c.SendRawAsync(m.Memory.ToArray());
        m.Release();
    }

    private sealed class BrokenConsoleDriver(TestDriver inner, bool failWrites = false) : IHypervisorDriver, IDomainConsoles, IConsoleSession
    {
        public IReadOnlyList<string> UriSchemes => inner.UriSchemes;
        public VirErrorDomain ErrorDomain => inner.ErrorDomain;
        public IHostInfo Host => inner.Host;
        public IDomainQueries Domains => inner.Domains;
        public IDomainLifecycle Lifecycle => inner.Lifecycle;
        public IDomainConsoles Consoles => this;
        public DomainEventBus Events => inner.Events;
        public T? Feature<T>() where T : class => null;
        public ValueTask StartAsync(CancellationToken ct) => ValueTask.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public ValueTask<IConsoleSession> OpenAsync(Guid uuid, string? devName, bool replayHistory, CancellationToken ct) =>
            ValueTask.FromResult<IConsoleSession>(this);

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
        {
            if (!failWrites) throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Streams, "stream had unexpected termination");
            await Task.Delay(Timeout.Infinite, ct); // an upload: nothing flows to the client
            return ReadOnlyMemory<byte>.Empty;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => failWrites
            ? throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Streams, "cannot write to stream: No space left on device")
            : ValueTask.CompletedTask;
    }
}
