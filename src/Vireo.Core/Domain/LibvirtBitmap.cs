using System.Globalization;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>
/// A list of ids given to an API call in libvirt's bitmap syntax ("1", "0-3", "1,^2", as virsh guestvcpus
/// --cpulist and setvcpu take it), read the way libvirt's virBitmapParse reads it, which is looser than
/// <see cref="IdSet"/> in places a client can see: the entries apply left to right ("0,^0" is empty, "^0,0"
/// is {0}), spaces may sit around numbers and dashes, a trailing comma is fine, and every id must be below
/// the bitmap's size. Anything else is libvirt's "Failed to parse bitmap 'TEXT'" (VIR_ERR_INVALID_ARG,
/// from no particular driver). Pure.
/// </summary>
public static class LibvirtBitmap
{
    /// <summary>The ids, ascending; <paramref name="size"/> is the number of bits (ids 0..size-1).</summary>
    public static IReadOnlyList<int> Parse(string text, int size)
    {
        var set = new SortedSet<int>();
        var at = SkipSpaces(text, 0);
        if (at == text.Length) throw Failed(text);
        while (at < text.Length)
        {
            var exclude = text[at] == '^';
            if (exclude) at++;
            if (!TryNumber(text, ref at, out var first, digitFirst: true) || first >= size) throw Failed(text);
            at = SkipSpaces(text, at);
            if (at < text.Length && text[at] == '-')
            {
                if (exclude) throw Failed(text);
                at = SkipSpaces(text, at + 1);
                if (!TryNumber(text, ref at, out var last, digitFirst: false) || last < first || last >= size) throw Failed(text);
                for (var i = first; i <= last; i++) set.Add((int)i);
                at = SkipSpaces(text, at);
            }
            else if (exclude) set.Remove((int)first);
            else set.Add((int)first);

            if (at == text.Length) break;
            if (text[at] != ',') throw Failed(text);
            at = SkipSpaces(text, at + 1);
        }
        return set.ToList();
    }

    /// <summary>libvirt's canonical form of a set of ids (virBitmapFormat): "0-2,5"; nothing is "".</summary>
    public static string Format(IEnumerable<int> ids) => new CpuSet(ids).ToString();

    private static VirException Failed(string text) =>
        VirErrors.InvalidArg($"Failed to parse bitmap '{text}'", VirErrorDomain.None);

    private static int SkipSpaces(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        return at;
    }

    /// <summary>
    /// A decimal int as strtol reads it; the first number of an entry must start with a digit, the end of a
    /// range may carry a sign (libvirt checks only that it is not below the start).
    /// </summary>
    private static bool TryNumber(string text, ref int at, out long value, bool digitFirst)
    {
        value = 0;
        var start = at;
        if (!digitFirst && at < text.Length && (text[at] == '+' || text[at] == '-')) at++;
        var digits = at;
        while (at < text.Length && char.IsAsciiDigit(text[at])) at++;
        if (at == digits)
        {
            at = start;
            return false;
        }
        return long.TryParse(text.AsSpan(start, at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value is >= int.MinValue and <= int.MaxValue;
    }
}
