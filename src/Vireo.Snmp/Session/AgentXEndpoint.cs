using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vireo.Snmp.Session;

/// <summary>
/// Where the AgentX master listens: "unix:PATH" (net-snmp's default is unix:/var/agentx/master) or
/// "tcp:HOST:PORT" (RFC 2741 §8.1; port 705 by convention). A bare absolute path means unix:PATH,
/// as in snmpd.conf's agentXSocket.
/// </summary>
public sealed record AgentXEndpoint
{
    public const string DefaultSocket = "unix:/var/agentx/master";

    private AgentXEndpoint(string? path, string? host, int port)
    {
        UnixPath = path;
        Host = host;
        Port = port;
    }

    public string? UnixPath { get; }
    public string? Host { get; }
    public int Port { get; }
    public bool IsUnix => UnixPath is not null;

    public static AgentXEndpoint Unix(string path) => new(path, null, 0);
    public static AgentXEndpoint Tcp(string host, int port) => new(null, host, port);

    public static AgentXEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = t[5..];
            if (path.Length == 0) throw new FormatException($"The AgentX address '{text}' names no socket path; write unix:/var/agentx/master.");
            return Unix(path);
        }
        if (t.StartsWith('/')) return Unix(t);
        if (t.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var hp = t[4..];
            int colon = hp.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hp[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                throw new FormatException($"The AgentX address '{text}' is not tcp:HOST:PORT with a port from 1 to 65535.");
            var host = hp[..colon];
            if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
            return Tcp(host, port);
        }
        throw new FormatException($"The AgentX address '{text}' must start with unix: or tcp: (for example unix:/var/agentx/master or tcp:127.0.0.1:705).");
    }

    /// <summary>Connects a stream socket to the master; the caller owns the result.</summary>
    public async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        if (UnixPath is not null)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await s.ConnectAsync(new UnixDomainSocketEndPoint(UnixPath), ct).ConfigureAwait(false);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }
        var addresses = IPAddress.TryParse(Host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(Host!, ct).ConfigureAwait(false);
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(addresses, Port, ct).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public override string ToString() => UnixPath is not null ? $"unix:{UnixPath}" : Host!.Contains(':') ? $"tcp:[{Host}]:{Port}" : $"tcp:{Host}:{Port}";
}
