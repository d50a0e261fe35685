using System.Text;

namespace Vireo.Cli.Formatting;

/// <summary>XML virsh writes itself from arguments, escaped as libvirt's virBufferEscapeString escapes it.</summary>
internal static class VshXml
{
    /// <summary>
    /// The format with {0} replaced by the escaped value; nothing at all when the value is null or empty (virsh
    /// then leaves the whole element or attribute out). &lt; &gt; &amp; ' " become entities; control characters
    /// other than tab, newline and carriage return are dropped.
    /// </summary>
    public static string Escaped(string format, string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var b = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '&': b.Append("&amp;"); break;
                case '\'': b.Append("&apos;"); break;
                case '"': b.Append("&quot;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'): break;
                default: b.Append(c); break;
            }
        }
        return format.Replace("{0}", b.ToString(), StringComparison.Ordinal);
    }
}
