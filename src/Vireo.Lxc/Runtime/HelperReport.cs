using System.Globalization;

namespace Vireo.Lxc.Runtime;

/// <summary>The helper's one-line answer to "start": OK with its pid, init's pid and the console pty, or a sentence.</summary>
public sealed record HelperReport(bool Ok, int HelperPid, int InitPid, string? ConsolePty, string? Error)
{
    /// <summary>Parses "OK HELPERPID INITPID [PTY]" or "ERR SENTENCE".</summary>
    public static HelperReport Parse(string line)
    {
        line = line.TrimEnd('\n');
        if (line.StartsWith("ERR ", StringComparison.Ordinal))
            return new HelperReport(false, 0, 0, null, line[4..]);
        var f = line.Split(' ');
        if (f.Length is 3 or 4 && f[0] == "OK"
            && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var helper)
            && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var init))
            return new HelperReport(true, helper, init, f.Length == 4 ? f[3] : null, null);
        return new HelperReport(false, 0, 0, null, $"the container helper answered '{line}', which is not a report");
    }
}

/// <summary>How init ended, from the helper's exit file ("exited N" / "signaled N").</summary>
public sealed record InitExit(bool Signaled, int Code)
{
    public static InitExit? Parse(string? text)
    {
        var f = text?.Trim().Split(' ');
        if (f is not { Length: 2 } || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return null;
        return f[0] switch { "exited" => new InitExit(false, n), "signaled" => new InitExit(true, n), _ => null };
    }

    public override string ToString() => Signaled ? $"killed by signal {Code}" : $"exited with status {Code}";
}
