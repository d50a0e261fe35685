namespace Vireo.Drivers.Contracts;

/// <summary>Access to a running domain's text console (serial port or container pty).</summary>
public interface IDomainConsoles
{
    /// <summary>
    /// Attaches to the console named devName (null: the first). With replayHistory the session first
    /// yields what the guest printed before (from power-on, as far as the ring buffer reaches).
    /// Several sessions may be attached at once; closing one never disturbs the guest.
    /// </summary>
    ValueTask<IConsoleSession> OpenAsync(Guid uuid, string? devName, bool replayHistory, CancellationToken ct);
}

/// <summary>One client's attachment to a console.</summary>
public interface IConsoleSession : IAsyncDisposable
{
    /// <summary>Reads the next chunk of guest output; an empty result means the console ended (guest stopped).</summary>
    ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct);

    /// <summary>Sends keystrokes to the guest.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct);
}
