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

    private sealed class BrokenConsoleDriver(TestDriver inner) : IHypervisorDriver, IDomainConsoles, IConsoleSession
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

        public ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct) =>
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Streams, "stream had unexpected termination");

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => ValueTask.CompletedTask;
    }
}
