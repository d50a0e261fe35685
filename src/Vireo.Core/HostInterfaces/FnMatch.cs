namespace Vireo.Core.HostInterfaces;

/// <summary>
/// POSIX fnmatch(pattern, text, 0) in the C locale, as glibc implements it: '*' any run of characters (a '/' or a
/// leading '.' included, no flags being set), '?' one character, "[...]" a set ('!' or '^' negates, ranges,
/// [:class:] names, a ']' first is literal, an unterminated '[' is a plain character), '\' quotes the next
/// character (a trailing one matches nothing). libudev matches sysfs attribute values this way, so libvirtd's
/// lookup of an interface by MAC address takes a pattern. Linear in the text for each pattern element:
/// a client cannot make it backtrack exponentially.
/// </summary>
public static class FnMatch
{
    public static bool Matches(string pattern, string text)
    {
        if (Compile(pattern) is not { } tokens) return false;
        // Each token but '*' consumes one character, so backtracking to the last '*' is enough.
        int t = 0, s = 0, starToken = -1, starText = 0;
        while (s < text.Length)
        {
            if (t < tokens.Count && tokens[t] is { } one && one(text[s]))
            {
                t++;
                s++;
            }
            else if (t < tokens.Count && tokens[t] is null)
            {
                starToken = t++;
                starText = s;
            }
            else if (starToken >= 0)
            {
                t = starToken + 1;
                s = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (t < tokens.Count && tokens[t] is null) t++;
        return t == tokens.Count;
    }

    /// <summary>The pattern as a list of one-character tests, null standing for '*'; null when the pattern can match nothing.</summary>
    private static List<Func<char, bool>?>? Compile(string p)
    {
        var tokens = new List<Func<char, bool>?>();
        for (var i = 0; i < p.Length;)
        {
            var c = p[i++];
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1] is not null) tokens.Add(null);
                    break;
                case '?':
                    tokens.Add(static _ => true);
                    break;
                case '\\':
                    if (i == p.Length) return null;
                    var quoted = p[i++];
                    tokens.Add(ch => ch == quoted);
                    break;
                case '[':
                    var set = Bracket(p, ref i, out var bad);
                    if (bad) return null;
                    tokens.Add(set ?? (static ch => ch == '['));
                    break;
                default:
                    tokens.Add(ch => ch == c);
                    break;
            }
        }
        return tokens;
    }

    /// <summary>A "[...]" starting after the '['; null (and <paramref name="i"/> unchanged) when it has no closing ']'.</summary>
    private static Func<char, bool>? Bracket(string p, ref int i, out bool bad)
    {
        bad = false;
        var j = i;
        var negate = j < p.Length && (p[j] == '!' || p[j] == '^');
        if (negate) j++;
        var tests = new List<Func<char, bool>>();
        var first = true;
        while (true)
        {
            if (j >= p.Length) return null;
            var c = p[j++];
            if (c == ']' && !first) break;
            first = false;
            if (c == '[' && j < p.Length && p[j] == ':')
            {
                var end = p.IndexOf(":]", j + 1, StringComparison.Ordinal);
                if (end < 0) return null;
                var name = p[(j + 1)..end];
                if (Class(name) is not { } cls)
                {
                    bad = true;
                    return null;
                }
                tests.Add(cls);
                j = end + 2;
                continue;
            }
            if (c == '\\')
            {
                if (j >= p.Length) return null;
                c = p[j++];
            }
            if (j + 1 < p.Length && p[j] == '-' && p[j + 1] != ']')
            {
                var hi = p[j + 1];
                j += 2;
                if (hi == '\\')
                {
                    if (j >= p.Length) return null;
                    hi = p[j++];
                }
                var lo = c;
                tests.Add(ch => ch >= lo && ch <= hi);
                continue;
            }
            var literal = c;
            tests.Add(ch => ch == literal);
        }
        i = j;
        return ch => tests.Any(t => t(ch)) != negate;
    }

    private static Func<char, bool>? Class(string name) => name switch
    {
        "alpha" => char.IsAsciiLetter,
        "digit" => char.IsAsciiDigit,
        "alnum" => char.IsAsciiLetterOrDigit,
        "upper" => char.IsAsciiLetterUpper,
        "lower" => char.IsAsciiLetterLower,
        "xdigit" => char.IsAsciiHexDigit,
        "space" => static ch => ch is ' ' or '\t' or '\n' or '\v' or '\f' or '\r',
        "blank" => static ch => ch is ' ' or '\t',
        "punct" => static ch => ch is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(ch),
        "print" => static ch => ch is >= ' ' and < '\x7f',
        "graph" => static ch => ch is > ' ' and < '\x7f',
        "cntrl" => static ch => ch < ' ' || ch == '\x7f',
        _ => null,
    };
}
