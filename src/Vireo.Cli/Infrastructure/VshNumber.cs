using System.Globalization;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// virsh's plain numeric options (vshCommandOptInt/UInt/ULongLong over libvirt's virStrToLong_*): decimal, leading
/// blanks and a '+' allowed, no minus sign for the unsigned kinds, the type's range; anything else is refused with
/// virsh's sentence naming the option.
/// </summary>
public static class VshNumber
{
    private const NumberStyles Style = NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign;

    public static int Int(string text, string option) =>
        int.TryParse(text, Style, CultureInfo.InvariantCulture, out var v) ? v : throw Malformed(text, option);

    public static uint UInt(string text, string option) =>
        !text.Contains('-', StringComparison.Ordinal) && uint.TryParse(text, Style, CultureInfo.InvariantCulture, out var v) ? v : throw Malformed(text, option);

    public static ulong ULong(string text, string option) =>
        !text.Contains('-', StringComparison.Ordinal) && ulong.TryParse(text, Style, CultureInfo.InvariantCulture, out var v) ? v : throw Malformed(text, option);

    private static CliError Malformed(string text, string option) => new($"Numeric value '{text}' for <{option}> option is malformed or out of range");
}
