using System.Collections.Concurrent;
using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Test;

/// <summary>Consoles of the test driver: whatever is typed is echoed back; stopping the domain ends them.</summary>
internal sealed class TestConsoles(DomainRegistry registry) : IDomainConsoles
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<EchoSession, byte>> _open = new();

    public ValueTask<IConsoleSession> OpenAsync(Guid uuid, string? devName, bool replayHistory, CancellationToken ct)
    {
        var dom = registry.GetByUuid(uuid);
        if (!dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        if (devName is not null && devName != "serial0" && devName != "console0")
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Domain, $"character device {devName} is not using a PTY");
        var session = new EchoSession(this, uuid);
        _open.GetOrAdd(uuid, _ => new())[session] = 0;
        return ValueTask.FromResult<IConsoleSession>(session);
    }

    /// <summary>The guest went away: every attached console sees its end.</summary>
    public void EndAll(Guid uuid)
    {
        if (!_open.TryRemove(uuid, out var sessions)) return;
        foreach (var s in sessions.Keys) s.End();
    }

    private void Forget(EchoSession s)
    {
        if (_open.TryGetValue(s.Uuid, out var set)) set.TryRemove(s, out _);
    }

    private sealed class EchoSession(TestConsoles owner, Guid uuid) : IConsoleSession
    {
        private readonly Channel<byte[]> _output = Channel.CreateUnbounded<byte[]>();

        public Guid Uuid => uuid;

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
        {
            while (await _output.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                if (_output.Reader.TryRead(out var chunk)) return chunk;
            return ReadOnlyMemory<byte>.Empty;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
        {
            if (!_output.Writer.TryWrite(data.ToArray()))
                throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "the console has ended");
            return ValueTask.CompletedTask;
        }

        public void End() => _output.Writer.TryComplete();

        public ValueTask DisposeAsync()
        {
            End();
            owner.Forget(this);
            return ValueTask.CompletedTask;
        }
    }
}
