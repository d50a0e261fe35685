using Microsoft.Extensions.Logging;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Hosting;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// Opens the connection a URI names. Daemon URIs (qemu:///system, qemu+unix:///system?socket=PATH, lxc:///)
/// go to a socket; embedded ones (qemu:///embed?root=DIR, lxc:///embed?root=DIR, and test:///default as in
/// libvirt) start the driver and the RPC server in this process and connect through an in-process pipe, so
/// every command takes the same protocol path.
/// </summary>
public static class Connector
{
    public static async Task<(VirConnection Connection, EmbeddedEngine? Engine)> OpenAsync(string? uri, bool readOnly, ILoggerFactory loggers, CancellationToken ct)
    {
        var options = new VirConnectionOptions { ReadOnly = readOnly };
        if (Embedded(uri) is not { } embedded)
            return (await VirConnection.OpenAsync(uri, options, ct).ConfigureAwait(false), null);

        var engine = await EmbeddedEngine.StartAsync(embedded.Kind, embedded.Root, uri!, loggers, null, ct).ConfigureAwait(false);
        try
        {
            var conn = await VirConnection.OpenAsync(engine.Connect(readOnly), uri, options with { KeepaliveInterval = TimeSpan.Zero }, ct).ConfigureAwait(false);
            return (conn, engine);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Which driver an embedded URI runs in-process, and on which root; null for daemon URIs.</summary>
    internal static (DriverKind Kind, string? Root)? Embedded(string? uri)
    {
        if (string.IsNullOrEmpty(uri)) return null;
        var sep = uri.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) return null;
        var scheme = uri[..sep];
        if (scheme.Contains('+', StringComparison.Ordinal)) return null; // an explicit transport: a daemon
        var parsed = VirUri.Parse(uri);
        var kind = DriverKinds.FromScheme(scheme);
        if (parsed.IsEmbedded)
        {
            if (kind is not (DriverKind.Qemu or DriverKind.Lxc))
                throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Uri, $"embedded mode is available for qemu and lxc, not for {uri}");
            return (kind.Value, parsed.EmbedRoot);
        }
        // libvirt runs test:///default inside the client: a fresh in-memory host with one running domain each time.
        if (kind == DriverKind.Test && PathOf(uri) == "/default") return (DriverKind.Test, null);
        return null;
    }

    private static string PathOf(string uri)
    {
        var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) rest = rest[..q];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? rest[slash..] : "";
    }
}
