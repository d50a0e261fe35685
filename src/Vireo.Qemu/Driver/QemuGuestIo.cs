using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Console;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>The real doors: QMP through <see cref="QmpClient"/>, serial ports through <see cref="ConsoleCapture"/>.</summary>
internal sealed class QemuGuestIo(TimeSpan commandTimeout, ILogger logger) : IGuestIo
{
    public async Task<IGuestMonitor> ConnectMonitorAsync(string socketPath, TimeSpan timeout, Task processExited, CancellationToken ct)
    {
        // The deadline covers the greeting too: QEMU serves one monitor client, and a second one would
        // wait for its greeting forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var client = await QmpClient.ConnectAsync(socketPath, new QmpClientOptions
            {
                ConnectTimeout = timeout,
                AbandonWhen = processExited,
                Name = Path.GetFileName(Path.GetDirectoryName(socketPath)) ?? "qemu",
                Logger = logger,
            }, deadline.Token).ConfigureAwait(false);
            return new Monitor(client, commandTimeout);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"QEMU's monitor {socketPath} did not greet within {timeout.TotalSeconds:0.#} s.");
        }
    }

    public async Task<IGuestConsole> AttachConsoleAsync(string socketPath, string logPath, int historyBytes, Task processExited, CancellationToken ct)
    {
        var capture = await ConsoleCapture.StartAsync(new ConsoleCaptureOptions
        {
            SocketPath = socketPath,
            LogPath = logPath,
            RingBufferBytes = historyBytes,
            AbandonWhen = processExited,
            Name = Path.GetFileName(Path.GetDirectoryName(socketPath)) ?? "console",
            Logger = logger,
        }, ct).ConfigureAwait(false);
        return new Console(capture);
    }

    private sealed class Console(ConsoleCapture capture) : IGuestConsole
    {
        public IConsoleSession Open(bool replayHistory) => capture.Attach(replayHistory);

        public ValueTask DisposeAsync() => capture.DisposeAsync();
    }

    /// <summary>QmpClient with a deadline per command, so a hung QEMU gives an error instead of a stuck job.</summary>
    private sealed class Monitor(QmpClient client, TimeSpan timeout) : IGuestMonitor
    {
        public ChannelReader<QmpEvent> Events => client.Events;

        public async Task<JsonNode?> ExecuteAsync(QmpCommand command, CancellationToken ct)
        {
            try
            {
                return await client.ExecuteAsync(command, ct).WaitAsync(timeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"QEMU did not answer '{command.Name}' within {timeout.TotalSeconds:0} s.");
            }
        }

        public async Task<JsonNode?> ExecuteWithFdsAsync(QmpCommand command, IReadOnlyList<System.Runtime.InteropServices.SafeHandle> fds, CancellationToken ct)
        {
            try
            {
                return await client.ExecuteWithFdsAsync(command, fds, ct).WaitAsync(timeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"QEMU did not answer '{command.Name}' within {timeout.TotalSeconds:0} s.");
            }
        }

        public async Task<QmpRawReply> ExecuteRawAsync(JsonObject command, CancellationToken ct)
        {
            try
            {
                return await client.ExecuteRawAsync(command, ct).WaitAsync(timeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"QEMU did not answer '{(string?)command["execute"]}' within {timeout.TotalSeconds:0} s.");
            }
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
