using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Qemu.Driver.Io;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>The real doors: QMP through <see cref="QmpClient"/>, and the engine's serial capture.</summary>
internal sealed class QemuGuestIo(TimeSpan commandTimeout, ILogger logger) : IGuestIo
{
    public async Task<IGuestMonitor> ConnectMonitorAsync(string socketPath, TimeSpan timeout, Task processExited, CancellationToken ct)
    {
        var client = await QmpClient.ConnectAsync(socketPath, new QmpClientOptions
        {
            ConnectTimeout = timeout,
            AbandonWhen = processExited,
            Name = Path.GetFileName(Path.GetDirectoryName(socketPath)) ?? "qemu",
            Logger = logger,
        }, ct).ConfigureAwait(false);
        return new Monitor(client, commandTimeout);
    }

    public async Task<IGuestConsole> AttachConsoleAsync(string socketPath, string logPath, int historyBytes, Task processExited, CancellationToken ct) =>
        await SerialCapture.AttachAsync(socketPath, logPath, historyBytes, processExited, ct).ConfigureAwait(false);

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

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
