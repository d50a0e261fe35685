using System.Globalization;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>
/// An amount of memory, stored in KiB as libvirt stores it (virDomainParseMemory rounds bytes up to
/// whole KiB). libvirt always formats it back as a KiB count with unit='KiB'.
/// </summary>
public readonly record struct MemorySize(ulong KiB) : IComparable<MemorySize>
{
    /// <summary>The largest size libvirt accepts: what fits in an unsigned 64-bit byte count.</summary>
    public static readonly MemorySize Max = new(ulong.MaxValue / 1024);

    public static MemorySize Zero => default;

    public ulong Bytes => KiB * 1024;
    public ulong MiB => KiB / 1024;

    public static MemorySize FromBytes(ulong bytes) => new(bytes / 1024 + (bytes % 1024 == 0 ? 0UL : 1UL));
    public static MemorySize FromKiB(ulong kib) => new(kib);
    public static MemorySize FromMiB(ulong mib) => new(checked(mib * 1024));
    public static MemorySize FromGiB(ulong gib) => new(checked(gib * 1024 * 1024));

    public int CompareTo(MemorySize other) => KiB.CompareTo(other.KiB);
    public static bool operator <(MemorySize a, MemorySize b) => a.KiB < b.KiB;
    public static bool operator >(MemorySize a, MemorySize b) => a.KiB > b.KiB;
    public static bool operator <=(MemorySize a, MemorySize b) => a.KiB <= b.KiB;
    public static bool operator >=(MemorySize a, MemorySize b) => a.KiB >= b.KiB;

    /// <summary>
    /// The byte multiplier of a libvirt unit (virScaleInteger): b/bytes, k/KiB/KB, M/MiB/MB, G, T, P, E;
    /// case-insensitive; a bare letter or "xiB" is a power of 1024, "xB" a power of 1000. Null when unknown.
    /// </summary>
    public static ulong? UnitMultiplier(string unit)
    {
        if (unit.Length == 0) return 1024; // libvirt's default scale for memory is KiB
        if (unit.Equals("b", StringComparison.OrdinalIgnoreCase) || unit.Equals("bytes", StringComparison.OrdinalIgnoreCase)) return 1;
        int exponent = char.ToLowerInvariant(unit[0]) switch { 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, 'p' => 5, 'e' => 6, _ => 0 };
        if (exponent == 0) return null;
        ulong radix;
        if (unit.Length == 1 || unit.AsSpan(1).Equals("iB", StringComparison.OrdinalIgnoreCase)) radix = 1024;
        else if (unit.Length == 2 && char.ToLowerInvariant(unit[1]) == 'b') radix = 1000;
        else return null;
        ulong result = 1;
        for (int i = 0; i < exponent; i++) result *= radix;
        return result;
    }

    /// <summary>Parses a count with an optional unit (default KiB). On failure, error says why in a sentence fragment.</summary>
    public static bool TryParse(string value, string? unit, out MemorySize size, out string? error)
    {
        size = default;
        var multiplier = UnitMultiplier(unit ?? "");
        if (multiplier is null) { error = $"unknown unit '{unit}'"; return false; }
        var text = value.Trim();
        if (text.StartsWith('-')) { error = $"memory size '{value}' is negative"; return false; }
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{value}' is not a valid memory size";
            return false;
        }
        var bytes = (UInt128)count * multiplier.Value;
        if (bytes > ulong.MaxValue) { error = $"memory size '{value}{unit}' is too large"; return false; }
        size = FromBytes((ulong)bytes);
        error = null;
        return true;
    }

    public static MemorySize Parse(string value, string? unit = null) =>
        TryParse(value, unit, out var size, out var error) ? size : throw VirErrors.InvalidArg(error!);

    /// <summary>A human form for messages, e.g. "262144 KiB".</summary>
    public override string ToString() => KiB.ToString(CultureInfo.InvariantCulture) + " KiB";
}
