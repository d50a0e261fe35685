using System.Globalization;
using System.Net;

namespace Vireo.Web.Hosting;

/// <summary>
/// Where the web server listens: a TCP address (<c>HOST:PORT</c>, an IPv4 or bracketed IPv6 address; port 0
/// picks a free one) or a Unix socket (<c>unix:PATH</c>, for ssh -L forwarding).
/// </summary>
public abstract record WebListenAddress
{
    public sealed record Tcp(IPEndPoint EndPoint) : WebListenAddress
    {
        public override string ToString() => EndPoint.ToString();
    }

    public sealed record Unix(string Path) : WebListenAddress
    {
        public override string ToString() => "unix:" + Path;
    }

    /// <summary>Parses the [Web] Listen setting; a bad value is a FormatException with a whole sentence.</summary>
    public static WebListenAddress Parse(string text)
    {
        var value = text.Trim();
        if (value.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = value["unix:".Length..];
            if (path.Length == 0) throw Bad(text, "unix: needs a socket path after it");
            return new Unix(System.IO.Path.GetFullPath(path));
        }
        var colon = value.LastIndexOf(':');
        if (colon <= 0) throw Bad(text, "the port is missing");
        var host = value[..colon];
        if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw Bad(text, "the port must be a number from 0 to 65535");
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed) host = host[1..^1];
        if (!IPAddress.TryParse(host, out var address))
            throw Bad(text, "the host must be an IP address (a bracketed one for IPv6), not a name");
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bracketed)
            throw Bad(text, "an IPv6 address must be in brackets, e.g. [::1]:8007");
        return new Tcp(new IPEndPoint(address, port));
    }

    private static FormatException Bad(string text, string why) =>
        new($"The web listen address '{text}' is not valid: {why} (use HOST:PORT such as 127.0.0.1:8007, or unix:PATH).");
}
