using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vireo.Hosting;
using Vireo.Platform.Files;
using Vireo.Rpc.Server;

namespace Vireo.Daemon;

/// <summary>
/// The daemon's work: check that the sockets are free, start the drivers (reconnect to running guests and
/// containers, autostart), then listen. Stopping closes the sockets and lets go of every guest, which keeps
/// running: the next vireod reconnects to it.
/// </summary>
internal sealed class VireoDaemonService(DaemonSettings settings, DriverSet drivers, ILoggerFactory loggers, ILogger<VireoDaemonService> log)
    : IHostedService
{
    private VireoServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var dir in new[] { settings.StateDir, settings.RunDir, settings.LogDir })
            DirectoryLayout.Ensure(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        // Refuse before touching any guest if another daemon holds our sockets.
        if (settings.ListenLibvirtSockets)
            await SocketClaim.EnsureNoVirtQemudAsync(SocketClaim.VirtQemudSocket, cancellationToken);
        foreach (var e in settings.Endpoints)
            await SocketClaim.ClaimAsync(e.Path, cancellationToken);

        _server = await VireoServer.StartAsync(drivers, loggers, new RpcServerOptions { DefaultScheme = "qemu" }, cancellationToken);
        await _server.ListenAsync(settings.Endpoints, cancellationToken);
        await AtomicFile.WriteAllTextAsync(settings.PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", cancellationToken);
        log.LogInformation("vireod {Version} is ready (pid {Pid}; drivers: {Drivers})",
            typeof(VireoDaemonService).Assembly.GetName().Version?.ToString(3), Environment.ProcessId,
            string.Join(", ", _server.Drivers.Select(d => d.UriSchemes[0])));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        log.LogInformation("vireod is stopping; guests keep running");
        await _server.DisposeAsync();
        try { File.Delete(settings.PidFile); }
        catch (IOException) { }
    }
}
