using System.Globalization;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>A 48-bit Ethernet address, formatted as libvirt does: lower-case hex pairs joined by ':'.</summary>
public readonly record struct MacAddress
{
    private readonly ulong value;

    public MacAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 6) throw new ArgumentException("A MAC address has 6 bytes.", nameof(bytes));
        ulong v = 0;
        foreach (var b in bytes) v = (v << 8) | b;
        value = v;
    }

    /// <summary>QEMU's (and libvirt's) locally administered prefix for generated addresses.</summary>
    public static ReadOnlySpan<byte> QemuPrefix => [0x52, 0x54, 0x00];

    public byte[] GetBytes()
    {
        var bytes = new byte[6];
        for (int i = 0; i < 6; i++) bytes[i] = (byte)(value >> (8 * (5 - i)));
        return bytes;
    }

    /// <summary>The group bit of the first octet: libvirt refuses such addresses for interfaces.</summary>
    public bool IsMulticast => ((value >> 40) & 1) == 1;

    public static bool TryParse(string? text, out MacAddress mac)
    {
        mac = default;
        if (text is null) return false;
        var parts = text.Split(':');
        if (parts.Length != 6) return false;
        Span<byte> bytes = stackalloc byte[6];
        for (int i = 0; i < 6; i++)
        {
            // libvirt (virMacAddrParse) accepts one or two hex digits per octet.
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                return false;
        }
        mac = new MacAddress(bytes);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new VirException(VirErrorCode.InvalidMac, VirErrorDomain.Domain, $"'{text}' is not a MAC address");

    public override string ToString() => string.Join(':', GetBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
