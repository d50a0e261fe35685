using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>
/// virsh domdisplay and vncdisplay: what they read from the domain XML and how they print it. Pure, so the
/// formats are checked without a guest. Both read the first &lt;graphics&gt; of a type, its port, tlsPort,
/// listen attribute, &lt;listen type='socket'&gt; and, in secure XML only, passwd.
/// </summary>
public static class DisplayUris
{
    /// <summary>The display types domdisplay tries, in order.</summary>
    public static readonly IReadOnlyList<string> Schemes = ["vnc", "spice", "rdp", "dbus"];

    /// <summary>
    /// The connection URI of the display of <paramref name="scheme"/>, or null when the domain has none with a
    /// port or socket: vnc://[:PASSWD@]HOST:DISPLAY (port - 5900), spice://HOST:PORT[?tls-port=N][&amp;password=P],
    /// SCHEME+unix://SOCKET. A wildcard listen address prints as localhost.
    /// </summary>
    public static string? Uri(XElement domain, string scheme)
    {
        if (Graphics(domain, scheme) is not { } g) return null;
        int port = Int(g, "port"), tlsPort = Int(g, "tlsPort");
        var socket = SocketOf(g);
        if (port <= 0 && tlsPort <= 0 && socket is null) return null;
        var listen = (string?)g.Attribute("listen");
        if (listen is not null && IPAddress.TryParse(listen, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))) listen = null;
        var passwd = (string?)g.Attribute("passwd");

        var uri = new System.Text.StringBuilder(socket is null ? $"{scheme}://" : $"{scheme}+unix://");
        if (scheme == "vnc" && passwd is not null) uri.Append(':').Append(passwd).Append('@');
        uri.Append(socket ?? (listen is null ? "localhost" : listen.Contains(':') ? $"[{listen}]" : listen));
        if (socket is null && port > 0) uri.Append(':').Append((scheme == "vnc" ? port - 5900 : port).ToString(CultureInfo.InvariantCulture));
        if (tlsPort > 0) uri.Append("?tls-port=").Append(tlsPort.ToString(CultureInfo.InvariantCulture));
        if (scheme == "spice" && passwd is not null) uri.Append(tlsPort > 0 ? '&' : '?').Append("password=").Append(passwd);
        return uri.ToString();
    }

    /// <summary>vncdisplay's line ("127.0.0.1:0", or ":0" for any address), or null without a VNC port.</summary>
    public static string? VncDisplay(XElement domain)
    {
        if (Graphics(domain, "vnc") is not { } g || Int(g, "port") is var port && port <= 0) return null;
        var listen = (string?)g.Attribute("listen");
        var display = (port - 5900).ToString(CultureInfo.InvariantCulture);
        return listen is null or "0.0.0.0" ? ":" + display : $"{listen}:{display}";
    }

    private static XElement? Graphics(XElement domain, string type) =>
        domain.Element("devices")?.Elements("graphics").FirstOrDefault(e => (string?)e.Attribute("type") == type);

    private static string? SocketOf(XElement g) =>
        g.Element("listen") is { } l && (string?)l.Attribute("type") == "socket" ? (string?)l.Attribute("socket") : null;

    private static int Int(XElement g, string attr) =>
        int.TryParse((string?)g.Attribute(attr), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
