using System.Globalization;
using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>
/// The XML virsh builds from arguments (pool-define-as/pool-create-as, vol-create-as, vol-clone) and its
/// scaled sizes ("10M", "1G", "512KB"), reproduced from virsh 9.0's --print-xml output and error lines.
/// </summary>
public static class StorageXmlText
{
    /// <summary>pool-define-as NAME dir --target DIR (virsh leaves out what was not given).</summary>
    public static string DirPool(string name, string? target)
    {
        var s = $"<pool type='dir'>\n  <name>{Esc(name)}</name>\n";
        if (target is not null) s += $"  <target>\n    <path>{Esc(target)}</path>\n  </target>\n";
        return s + "</pool>\n";
    }

    /// <summary>vol-create-as's volume: capacity (and allocation) in bytes, format, backing store.</summary>
    public static string Volume(string name, ulong capacity, ulong? allocation, string? format, string? backingPath, string? backingFormat)
    {
        var s = $"<volume>\n  <name>{Esc(name)}</name>\n  <capacity>{capacity.ToString(CultureInfo.InvariantCulture)}</capacity>\n";
        if (allocation is { } a) s += $"  <allocation>{a.ToString(CultureInfo.InvariantCulture)}</allocation>\n";
        if (format is not null) s += $"  <target>\n    <format type='{Esc(format)}'/>\n  </target>\n";
        if (backingPath is not null)
        {
            s += $"  <backingStore>\n    <path>{Esc(backingPath)}</path>\n";
            if (backingFormat is not null) s += $"    <format type='{Esc(backingFormat)}'/>\n";
            s += "  </backingStore>\n";
        }
        return s + "</volume>\n";
    }

    /// <summary>
    /// vol-clone: the original's XML with only its name replaced, re-serialised as libxml2 does for virsh
    /// (whitespace kept, double-quoted attributes, "&lt;x/&gt;", no newline after the root).
    /// </summary>
    public static string Clone(string originalXml, string newName)
    {
        var root = XDocument.Parse(originalXml, LoadOptions.PreserveWhitespace).Root!;
        root.Element("name")?.SetValue(newName);
        return root.ToString(SaveOptions.DisableFormatting).Replace(" />", "/>", StringComparison.Ordinal);
    }

    /// <summary>
    /// virsh's scaled integer (virStrToLong_ullp then virScaleInteger, default unit bytes): null and the error
    /// lines virsh prints when it is malformed ("Malformed size X", then libvirt's reason when there is one).
    /// </summary>
    public static (ulong Value, string[]? Error) ParseSize(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var start = i;
        if (i < text.Length && text[i] == '+') i++;
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == digits || text[start] == '-'
            || !ulong.TryParse(text[digits..i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return (0, [$"Malformed size {text}"]);
        var suffix = text[i..];
        if (suffix.Length == 0) return (value, null);
        ulong baseUnit;
        if (suffix.Length == 1 || string.Equals(suffix[1..], "iB", StringComparison.OrdinalIgnoreCase)) baseUnit = 1024;
        else if (suffix.Length == 2 && char.ToLowerInvariant(suffix[1]) == 'b') baseUnit = 1000;
        else return (0, [$"Malformed size {text}", $"invalid argument: unknown suffix '{suffix}'"]);
        var power = char.ToLowerInvariant(suffix[0]) switch
        {
            'b' => 0, 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, 'p' => 5, 'e' => 6,
            _ => -1,
        };
        if (power < 0) return (0, [$"Malformed size {text}", $"invalid argument: unknown suffix '{suffix}'"]);
        var scale = 1UL;
        for (var p = 0; p < power; p++) scale *= baseUnit;
        if (value > ulong.MaxValue / scale) return (0, [$"Malformed size {text}", "numerical overflow: value too large"]);
        return (value * scale, null);
    }

    private static string Esc(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal);
}
