using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>
/// virsh 9.0's checkpoint-list output (its order and table) and the
/// &lt;domaincheckpoint&gt; checkpoint-create-as builds from its arguments, reproduced from virsh's output.
/// </summary>
public static class CheckpointText
{
    /// <summary>
    /// checkpoint-create-as's document: the name and description when given, and a &lt;disks&gt; with one
    /// &lt;disk&gt; per --diskspec when any is given (none: the daemon picks every disk). A diskspec virsh cannot
    /// parse gets its error.
    /// </summary>
    public static string CreateAsXml(string? name, string? description, IReadOnlyList<string> diskspecs)
    {
        var b = new StringBuilder("<domaincheckpoint>\n");
        b.Append(VshXml.Escaped("  <name>{0}</name>\n", name));
        b.Append(VshXml.Escaped("  <description>{0}</description>\n", description));
        if (diskspecs.Count > 0)
        {
            b.Append("  <disks>\n");
            foreach (var spec in diskspecs)
                b.Append("    ").Append(DiskLine(spec) ?? throw new Infrastructure.CliError($"unable to parse diskspec: {spec}"));
            b.Append("  </disks>\n");
        }
        return b.Append("</domaincheckpoint>\n").ToString();
    }

    /// <summary>
    /// One diskspec, disk[,checkpoint=TYPE][,bitmap=NAME] (",," is a comma in a value): each key at most once, nothing
    /// else; null when virsh refuses it. As virsh writes it: the disk name escaped, the two values as typed.
    /// </summary>
    internal static string? DiskLine(string spec)
    {
        var parts = Text.SplitCommaList(spec);
        string? checkpoint = null, bitmap = null;
        foreach (var part in parts.Skip(1))
        {
            if (checkpoint is null && part.StartsWith("checkpoint=", StringComparison.Ordinal)) checkpoint = part["checkpoint=".Length..];
            else if (bitmap is null && part.StartsWith("bitmap=", StringComparison.Ordinal)) bitmap = part["bitmap=".Length..];
            else return null;
        }
        var b = new StringBuilder(VshXml.Escaped("<disk name='{0}'", parts[0]));
        if (checkpoint is not null) b.Append(" checkpoint='").Append(checkpoint).Append('\'');
        if (bitmap is not null) b.Append(" bitmap='").Append(bitmap).Append('\'');
        return b.Append("/>\n").ToString();
    }

    /// <summary>
    /// checkpoint-list's order: the daemon's (topological) order with --topological, otherwise by name as
    /// virsh's qsort with strcasecmp sorts them.
    /// </summary>
    public static IReadOnlyList<T> Order<T>(IReadOnlyList<T> items, Func<T, string> name, bool topological) =>
        topological ? items : items.OrderBy(name, CaseInsensitiveBytes.Instance).ToList();

    /// <summary>
    /// The table of checkpoint-list (with --parent, a Parent column): each checkpoint's name, creation time in the
    /// local time zone and parent, read from its XML. A document virsh cannot read (no creationTime) is left out, as
    /// virsh leaves it out.
    /// </summary>
    public static string Table(IEnumerable<(string Name, string Xml)> checkpoints, bool withParent, TimeZoneInfo zone)
    {
        var rows = new List<string[]>();
        foreach (var (name, xml) in checkpoints)
        {
            if (Read(xml) is not { } doc) continue;
            var time = CreationTime(doc.Created, zone);
            rows.Add(withParent ? [name, time, doc.Parent ?? ""] : [name, time]);
        }
        return VshTable.Format(withParent ? ["Name", "Creation Time", "Parent"] : ["Name", "Creation Time"], rows);
    }

    /// <summary>"%Y-%m-%d %H:%M:%S %z" of a Unix time in the given zone (virsh: g_date_time_new_from_unix_local).</summary>
    public static string CreationTime(long unixSeconds, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + Text.Inv($" {sign}{abs.Hours:00}{abs.Minutes:00}");
    }

    private static (long Created, string? Parent)? Read(string xml)
    {
        try
        {
            var root = XDocument.Parse(xml).Root;
            if (root?.Name != "domaincheckpoint") return null;
            if (!long.TryParse(root.Element("creationTime")?.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var created)) return null;
            var parent = root.Element("parent")?.Element("name")?.Value;
            return (created, parent is { Length: > 0 } ? parent : null);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>C's strcasecmp on UTF-8 bytes: ASCII letters folded to lower case, everything else by byte value.</summary>
    private sealed class CaseInsensitiveBytes : IComparer<string>
    {
        public static readonly CaseInsensitiveBytes Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = Encoding.UTF8.GetBytes(x ?? "");
            var b = Encoding.UTF8.GetBytes(y ?? "");
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var d = Lower(a[i]) - Lower(b[i]);
                if (d != 0) return d;
            }
            return a.Length - b.Length;
        }

        private static int Lower(byte c) => c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c;
    }
}
