namespace Vireo.Cli.Infrastructure;

/// <summary>The global options virsh takes before the command name.</summary>
public sealed record ParsedGlobals(GlobalOptions Globals, bool ShowVersion);

public static class GlobalArgs
{
    /// <summary>Splits "vireo [OPTIONS] COMMAND [ARGS]"; options stop at the first word that is not one.</summary>
    public static (ParsedGlobals Options, string[] Remaining, string? Problem) Parse(string[] args)
    {
        var g = new GlobalOptions();
        var version = false;
        var i = 0;
        for (; i < args.Length; i++)
        {
            var a = args[i];
            string? inline = null;
            if (a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inline = a[(eq + 1)..];
                a = a[..eq];
            }
            string? Value()
            {
                if (inline is not null) return inline;
                return i + 1 < args.Length ? args[++i] : null;
            }
            switch (a)
            {
                case "-c" or "--connect":
                    if (Value() is not { } uri) return (new(g, version), [], $"option '{a}' requires an argument");
                    g = g with { Uri = uri };
                    break;
                case "-r" or "--readonly":
                    g = g with { ReadOnly = true };
                    break;
                case "-q" or "--quiet":
                    g = g with { Quiet = true };
                    break;
                case "-e" or "--escape":
                    if (Value() is not { } esc || ParseEscape(esc) is not { } b)
                        return (new(g, version), [], "Invalid escape sequence");
                    g = g with { EscapeChar = b };
                    break;
                case "-v" or "--version" or "-V":
                    version = true;
                    break;
                default:
                    if (a.StartsWith('-') && a is not ("-h" or "--help"))
                        return (new(g, version), [], $"unsupported option '{a}'. See --help.");
                    return (new(g, version), args[i..], null);
            }
        }
        return (new(g, version), [], null);
    }

    /// <summary>"^]" style (a control character) or one printable character, as virsh's -e accepts.</summary>
    internal static byte? ParseEscape(string s) => s switch
    {
        { Length: 2 } when s[0] == '^' && s[1] is >= '@' and <= '_' => (byte)(s[1] - 0x40),
        { Length: 2 } when s[0] == '^' && s[1] is >= 'a' and <= 'z' => (byte)(s[1] - 0x60),
        { Length: 1 } when s[0] is > ' ' and < (char)0x7f => (byte)s[0],
        _ => null,
    };
}
