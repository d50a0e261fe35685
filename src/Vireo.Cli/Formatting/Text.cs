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
}
