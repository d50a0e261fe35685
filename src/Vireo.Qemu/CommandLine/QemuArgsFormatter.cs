using System.Text;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The command line as a shell would read it, in libvirt's layout: environment assignments, the
/// emulator, then one option (with its value) per line joined by " \" continuations. Used for the
/// golden files and for the per-domain log the driver writes before starting QEMU.
/// </summary>
public static class QemuArgsFormatter
{
    public static string Format(QemuCommandLine cmd, bool multiline = true)
    {
        var lines = new List<string>();
        foreach (var (key, value) in cmd.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            lines.Add($"{key}={Quote(value)}");
        lines.Add(Quote(cmd.Emulator));
        foreach (var option in cmd.Options)
            lines.Add(option.Value is null ? Quote(option.Name) : $"{Quote(option.Name)} {Quote(option.Value)}");
        return string.Join(multiline ? " \\\n" : " ", lines) + (multiline ? "\n" : "");
    }

    /// <summary>Single-quotes a word unless it is made only of characters no shell treats specially.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe)) return word;
        var sb = new StringBuilder("'");
        foreach (var c in word)
            sb.Append(c == '\'' ? "'\\''" : c.ToString());
        return sb.Append('\'').ToString();
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is ',' or '.' or '_' or '+' or ':' or '@' or '%' or '/' or '=' or '-';
}
