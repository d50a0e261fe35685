using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vireo.Qemu.Qmp;

public sealed record QmpClientOptions
{
    /// <summary>How long to keep retrying connect() while QEMU starts (it binds the socket 20-40 ms after spawn).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop retrying early when this completes (pass the QEMU process's Exited task).</summary>
    public Task? AbandonWhen { get; init; }

    /// <summary>
    /// Events kept for a reader that is not keeping up. Past this the oldest are dropped, each drop
    /// counted in <see cref="QmpClient.DroppedEvents"/> and logged, so memory stays bounded.
    /// </summary>
    public int EventQueueCapacity { get; init; } = 10_000;

    /// <summary>Longest monitor line accepted before the connection is treated as broken.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Used in log lines and error messages, e.g. the domain name.</summary>
    public string Name { get; init; } = "qemu";

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
