using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Rpc.Server;

namespace Vireo.Hosting;

/// <summary>
/// A driver and the RPC server inside the calling process (`vireo -c 'qemu:///embed?root=DIR'`, and
/// `test:///default`): the CLI talks to it through an in-process pipe with the same protocol code as to
/// vireod. One process at a time may use a root (libvirt's embed mode has the same rule): the root is
/// locked while the engine lives. Guests keep running when the engine is disposed, and the next engine
/// on the same root reconnects to them.
/// </summary>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly VireoServer _server;
    private readonly RootLock? _lock;

    private EmbeddedEngine(VireoServer server, RootLock? rootLock)
    {
        _server = server;
        _lock = rootLock;
    }

    public VireoServer Server => _server;

    /// <summary>
    /// Locks the root (failing at once, with the holder's pid, if another process uses it), builds the
    /// driver on it, reconnects to its running guests and starts the server.
    /// </summary>
    public static async Task<EmbeddedEngine> StartAsync(DriverKind kind, string? root, string canonicalUri, ILoggerFactory loggers,
        DriverSetOptions? options, CancellationToken ct)
    {
        RootLock? rootLock = null;
        StateLayout layout;
        if (kind == DriverKind.Test)
        {
            layout = StateLayout.Under(Path.GetTempPath()); // never touched: the test driver keeps everything in memory
        }
        else
        {
            if (string.IsNullOrEmpty(root))
                throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Uri,
                    $"the embedded URI {canonicalUri} needs a root directory: {kind.ToString().ToLowerInvariant()}:///embed?root=DIR");
            layout = StateLayout.Under(root);
            rootLock = RootLock.Acquire(layout.EmbedRoot!);
        }
        try
        {
            options ??= new DriverSetOptions();
            options = options with { Qemu = options.Qemu with { CanonicalUri = canonicalUri } };
            var drivers = DriverSet.Create(layout, [kind], options, loggers);
            var server = await VireoServer.StartAsync(drivers, loggers, new RpcServerOptions(), ct).ConfigureAwait(false);
            return new EmbeddedEngine(server, rootLock);
        }
        catch
        {
            rootLock?.Dispose();
            throw;
        }
    }

    /// <summary>A new client connection to the in-process server.</summary>
    public IDuplexPipe Connect(bool readOnly) => _server.Rpc.ConnectInProcess(readOnly);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
    }

    /// <summary>
    /// The root's lock: an exclusive flock (what .NET takes for FileShare.None on Linux) on ROOT/embed.lock,
    /// released by the kernel when the process ends however it ends; the holder's pid in ROOT/embed.pid is
    /// only for the error message.
    /// </summary>
    private sealed class RootLock : IDisposable
    {
        private readonly FileStream _file;

        private RootLock(FileStream file) => _file = file;

        public static RootLock Acquire(string root)
        {
            Directory.CreateDirectory(root);
            var lockPath = Path.Combine(root, "embed.lock");
            var pidPath = Path.Combine(root, "embed.pid");
            try
            {
                var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
                return new RootLock(file);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                string holder;
                try { holder = "process " + File.ReadAllText(pidPath).Trim(); }
                catch (IOException) { holder = "another process"; }
                throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.None,
                    $"the embedded root {root} is in use by {holder}: only one program at a time can use an embedded root " +
                    "(run vireod and connect with qemu:///system to share guests between programs)");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new VirException(VirErrorCode.SystemError, VirErrorDomain.None, $"cannot lock the embedded root {root}: {e.Message}");
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
