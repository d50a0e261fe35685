using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vireo.Qemu.Console;

public sealed record ConsoleCaptureOptions
{
    /// <summary>QEMU's serial chardev socket (<c>-chardev socket,id=serial0,path=...,server=on,wait=off</c>).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Append-only log of everything the guest printed; continues across daemon restarts. Null: no log.</summary>
    public string? LogPath { get; init; }

    /// <summary>History kept in memory for replay to clients that attach later.</summary>
    public int RingBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>How far one client may fall behind before its oldest output is dropped.</summary>
    public int ClientQueueBytes { get; init; } = 1024 * 1024;

    /// <summary>Output waiting for the disk beyond this is dropped from the log (with a marker) rather than held in memory.</summary>
    public int MaxPendingLogBytes { get; init; } = 16 * 1024 * 1024;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop retrying the connect when this completes (the QEMU process's Exited task).</summary>
    public Task? AbandonWhen { get; init; }

    /// <summary>For messages, e.g. "web1 serial0".</summary>
    public string Name { get; init; } = "console";

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
