using System.Globalization;

namespace Vireo.Cli.Formatting;

/// <summary>printf-style helpers with the invariant culture (virsh runs in the C locale in our comparisons).</summary>
internal static class Text
{
    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>"%-Ns VALUE\n": a label padded to N columns, one space, the value.</summary>
    public static string Field(string label, int width, string value) => label.PadRight(width) + " " + value + "\n";

    /// <summary>C's %.1f (round half away from zero on the decimal digit, as glibc does for these values).</summary>
    public static string OneDecimal(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>
    /// virsh's comma-separated option value (vshStringToArray): split at single commas, ",," standing for a comma
    /// inside an element. "" is one empty element; a trailing comma makes a last empty one.
    /// </summary>
    public static IReadOnlyList<string> SplitCommaList(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ',') current.Append(text[i]);
            else if (i + 1 < text.Length && text[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }
        parts.Add(current.ToString());
        return parts;
    }
}
