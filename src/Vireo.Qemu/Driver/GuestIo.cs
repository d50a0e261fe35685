using System.Text.Json.Nodes;
using System.Threading.Channels;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>A guest's QMP connection, as the driver uses it.</summary>
internal interface IGuestMonitor : IAsyncDisposable
{
    /// <summary>Runs a command; QmpException when QEMU refuses it, QmpClosedException when the connection ended.</summary>
    Task<JsonNode?> ExecuteAsync(QmpCommand command, CancellationToken ct);

    /// <summary>Every event in order; completes when the connection ends (EOF: QEMU exited or was killed).</summary>
    ChannelReader<QmpEvent> Events { get; }

    /// <summary>Runs a client's raw command object (an id is added) and returns QEMU's whole reply, an error reply included.</summary>
    Task<QmpRawReply> ExecuteRawAsync(JsonObject command, CancellationToken ct) =>
        throw new NotSupportedException("This monitor cannot run raw commands.");

    /// <summary>Runs a command that takes descriptors (getfd, add-fd): they travel with it over the socket (SCM_RIGHTS).</summary>
    Task<JsonNode?> ExecuteWithFdsAsync(QmpCommand command, IReadOnlyList<System.Runtime.InteropServices.SafeHandle> fds, CancellationToken ct) =>
        throw new NotSupportedException("This monitor cannot pass descriptors to QEMU.");
}

/// <summary>The engine's capture of one serial port: the only reader of its socket, history and log kept.</summary>
internal interface IGuestConsole : IAsyncDisposable
{
    /// <summary>A client attachment; with replayHistory it first yields what the guest printed since power-on.</summary>
    IConsoleSession Open(bool replayHistory);
}

/// <summary>
/// The driver's only doors to a running QEMU: its monitor socket and its serial sockets. One seam, so
/// that the lifecycle logic reads as a sequence of steps and the wire protocols stay in Qmp/ and Console/.
/// </summary>
internal interface IGuestIo
{
    /// <summary>Connects to QMP (polling while QEMU creates the socket, giving up when <paramref name="processExited"/> completes) and negotiates capabilities.</summary>
    Task<IGuestMonitor> ConnectMonitorAsync(string socketPath, TimeSpan timeout, Task processExited, CancellationToken ct);

    /// <summary>Connects to a serial socket as its only reader; output goes to the ring buffer and is appended to logPath.</summary>
    Task<IGuestConsole> AttachConsoleAsync(string socketPath, string logPath, int historyBytes, Task processExited, CancellationToken ct);
}
