using Vireo.Core.Errors;

namespace Vireo.Client;

/// <summary>
/// A connection URI split the way libvirt's remote driver splits it: where to connect (the socket) and the
/// name the daemon sees in CONNECT_OPEN ("qemu+unix:///system?socket=/x" → socket /x, name "qemu:///system").
/// </summary>
public sealed record VirUri(string SocketPath, string Name, bool IsEmbedded, string? EmbedRoot)
{
    /// <summary>vireod's socket; libvirtd's is /run/libvirt/libvirt-sock.</summary>
    public const string DefaultSocket = "/run/vireo/libvirt-sock";

    /// <summary>Overrides <see cref="DefaultSocket"/>.</summary>
    public const string SocketVariable = "VIREO_SOCKET";

    private static readonly HashSet<string> TransportParameters =
        ["socket", "mode", "command", "auth", "no_verify", "no_tty", "keyfile", "pkipath", "netcat", "proxy", "sshauth", "known_hosts", "known_hosts_verify", "name", "tls_priority"];

    /// <summary>Parses a URI; null or empty means the default driver (the daemon tells which, via CONNECT_GET_URI).</summary>
    public static VirUri Parse(string? uri, bool readOnly = false)
    {
        var defaultSocket = Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } env ? env : DefaultSocket;
        if (readOnly && Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 }) defaultSocket += "-ro";
        if (string.IsNullOrWhiteSpace(uri)) return new VirUri(defaultSocket, "", false, null);

        var sep = uri.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Uri, $"unable to parse URI {uri}");
        var scheme = uri[..sep];
        var rest = uri[(sep + 3)..];
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        var driver = plus > 0 ? scheme[..plus] : scheme;
        var transport = plus > 0 ? scheme[(plus + 1)..] : null;
        if (transport is not null && transport != "unix")
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Uri, $"transport '{transport}' is not supported (only unix sockets): {uri}");

        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var hostPath = q >= 0 ? rest[..q] : rest;
        var query = q >= 0 ? rest[(q + 1)..] : "";
        string? socket = null;
        string? root = null;
        var kept = new List<string>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq >= 0 ? pair[..eq] : pair;
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : "";
            if (key == "socket") socket = value;
            else if (key == "root") root = value;
            if (!TransportParameters.Contains(key)) kept.Add(pair);
        }
        var path = hostPath.Contains('/', StringComparison.Ordinal) ? hostPath[hostPath.IndexOf('/', StringComparison.Ordinal)..] : "";
        var name = $"{driver}://{hostPath}" + (kept.Count > 0 ? "?" + string.Join('&', kept) : "");
        var embedded = path == "/embed";
        return new VirUri(socket ?? defaultSocket, name, embedded, embedded ? root : null);
    }
}
