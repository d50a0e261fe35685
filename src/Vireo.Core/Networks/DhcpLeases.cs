using System.Globalization;

namespace Vireo.Core.Networks;

/// <summary>One lease as virNetworkGetDHCPLeases reports it (IPv4: type 0, no IAID).</summary>
public sealed record DhcpLease(string Interface, long ExpiryTime, string Mac, string IpAddress, int Prefix, string? Hostname, string? ClientId);

/// <summary>
/// dnsmasq's lease file ("EXPIRY MAC IP HOSTNAME CLIENTID" per line, '*' for an unknown field, expiry 0 for
/// an infinite lease) read into libvirt's lease records. Pure; a line it cannot read is skipped, since the
/// file is dnsmasq's and a half-written last line must not fail the call.
/// </summary>
public static class DhcpLeases
{
    public static IReadOnlyList<DhcpLease> Parse(string text, NetworkDef def, string? mac = null)
    {
        var bridge = def.Bridge ?? "";
        var prefix = def.Ipv4?.PrefixLength ?? 24;
        var leases = new List<DhcpLease>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ');
            // dnsmasq writes IPv6 leases after a "duid" line; Vireo serves IPv4 only.
            if (f.Length < 4 || f[0] == "duid" || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) continue;
            if (mac is not null && !string.Equals(f[1], mac, StringComparison.OrdinalIgnoreCase)) continue;
            leases.Add(new DhcpLease(bridge, expiry, f[1].ToLowerInvariant(), f[2], prefix, f[3] == "*" ? null : f[3],
                f.Length > 4 && f[4] != "*" ? f[4] : null));
        }
        return leases;
    }
}
