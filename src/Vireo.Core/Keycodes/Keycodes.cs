using System.Collections.Frozen;
using System.Globalization;

namespace Vireo.Core.Keycodes;

/// <summary>A key list virsh would refuse, with virsh's own sentence ("invalid keycode: 'FOO'").</summary>
public sealed class KeycodeException(string message) : FormatException(message);

/// <summary>
/// Key names and numbers in libvirt's codesets, as <c>virsh send-key</c> reads them on the client, and their
/// translation to QEMU's key numbers, as libvirt's QEMU driver does on the daemon. Pure and allocation-free
/// after the first use (tables are built once).
/// </summary>
public static class Keycodes
{
    /// <summary>At most this many keys per send-key (VIR_DOMAIN_SEND_KEY_MAX_KEYS).</summary>
    public const int MaxKeys = 16;

    /// <summary>Codeset names as virsh spells them, by value; "rfb" is also accepted for qnum.</summary>
    public static IReadOnlyList<string> CodesetNames => Names;

    private static readonly string[] Names = ["linux", "xt", "atset1", "atset2", "atset3", "os_x", "xt_kbd", "usb", "win32", "qnum"];

    // Initialised in this order: the row index needs the name tables.
    private static readonly FrozenDictionary<string, int> Win32Codes = Distinct(Win32Keys.All);
    private static readonly FrozenDictionary<string, int> MacCodes = Distinct(MacKeys.All);
    private static readonly FrozenDictionary<string, int>[] NamesBySet = BuildNames();
    private static readonly FrozenDictionary<int, KeyRow>[] RowsBySet = BuildRows();

    public static string NameOf(KeycodeSet set) => CodesetNames[(int)set];

    public static bool TryParseCodeset(string name, out KeycodeSet set)
    {
        int i = name == "rfb" ? (int)KeycodeSet.Qnum : Array.IndexOf(Names, name);
        set = (KeycodeSet)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>virsh's --codeset: case-sensitive, "unknown codeset: 'X'" otherwise.</summary>
    public static KeycodeSet ParseCodeset(string name) =>
        TryParseCodeset(name, out var set) ? set : throw new KeycodeException($"unknown codeset: '{name}'");

    /// <summary>
    /// virsh's reading of one key: a number (decimal, 0x hex or 0 octal, up to 0xffff, no sign) is taken as is;
    /// otherwise a key name of the codeset (only linux, os_x and win32 have names).
    /// </summary>
    public static int ParseKey(KeycodeSet set, string text)
    {
        if (TryParseNumber(text, out var n) && n <= 0xffff) return (int)n;
        var names = NamesBySet[(int)set];
        return names.TryGetValue(text, out var code) ? code : throw new KeycodeException($"invalid keycode: '{text}'");
    }

    /// <summary>The keys of one send-key, checked in virsh's order (the count before each key).</summary>
    public static int[] ParseKeys(KeycodeSet set, IEnumerable<string> keys)
    {
        var codes = new List<int>(MaxKeys);
        foreach (var key in keys)
        {
            if (codes.Count == MaxKeys) throw new KeycodeException("too many keycodes");
            codes.Add(ParseKey(set, key));
        }
        return [.. codes];
    }

    /// <summary>The same physical key in another codeset; false when either codeset has no code for it.</summary>
    public static bool TryTranslate(KeycodeSet from, KeycodeSet to, int code, out int result)
    {
        result = 0;
        if (from == to)
        {
            result = code;
            return true;
        }
        if (!RowsBySet[(int)from].TryGetValue(code, out var row) || CodeOf(row, to) is not { } c) return false;
        result = c;
        return true;
    }

    /// <summary>
    /// What QEMU's send-key needs ({"type":"number","data":qnum}). Qnum numbers pass through unchecked, as
    /// libvirt passes them; other codesets go through the key table.
    /// </summary>
    public static bool TryToQnum(KeycodeSet from, int code, out int qnum) => TryTranslate(from, KeycodeSet.Qnum, code, out qnum);

    /// <summary>A row's code in a codeset (derived ones: xt = set 1, qnum and xt_kbd fold the E0 prefix).</summary>
    public static int? CodeOf(KeyRow row, KeycodeSet set) => set switch
    {
        KeycodeSet.Linux => row.Linux,
        KeycodeSet.Xt or KeycodeSet.AtSet1 => row.Set1,
        KeycodeSet.AtSet2 => row.Set2,
        KeycodeSet.AtSet3 => row.Set3,
        KeycodeSet.OsX => row.MacName is { } m ? MacCodes[m] : null,
        KeycodeSet.XtKbd => Fold(row.Set1, 0x100),
        KeycodeSet.Usb => row.Usb,
        KeycodeSet.Win32 => row.Win32Names.Count > 0 ? Win32Codes[row.Win32Names[0]] : null,
        KeycodeSet.Qnum => Fold(row.Set1, 0x80),
        _ => null,
    };

    /// <summary>The key names a codeset accepts (empty for the codesets that only take numbers).</summary>
    public static IReadOnlyDictionary<string, int> NamesOf(KeycodeSet set) => NamesBySet[(int)set];

    /// <summary>0xE0nn becomes base + nn (qnum: 0x80, xt_kbd: 0x100); plain codes stay.</summary>
    private static int? Fold(int? set1, int extendedBase) => set1 switch
    {
        null => null,
        >= 0xE000 and <= 0xE0FF => extendedBase + (set1.Value & 0xFF),
        _ => set1,
    };

    /// <summary>strtoul(s, &amp;end, 0) over the whole string, refusing a minus sign (libvirt's virStrToLong_uip).</summary>
    private static bool TryParseNumber(string s, out ulong value)
    {
        value = 0;
        var t = s.AsSpan().TrimStart(" \t\n\v\f\r");
        if (t.Length > 0 && t[0] == '+') t = t[1..];
        if (t.IsEmpty || t[0] == '-') return false;
        NumberStyles style = NumberStyles.None;
        if (t.Length > 1 && t[0] == '0' && (t[1] is 'x' or 'X'))
        {
            t = t[2..];
            style = NumberStyles.AllowHexSpecifier;
            return !t.IsEmpty && ulong.TryParse(t, style, CultureInfo.InvariantCulture, out value);
        }
        if (t[0] == '0')
        {
            foreach (var c in t)
            {
                if (c is < '0' or > '7') return false;
                if (value > ulong.MaxValue / 8) return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return ulong.TryParse(t, style, CultureInfo.InvariantCulture, out value);
    }

    private static FrozenDictionary<string, int>[] BuildNames()
    {
        var sets = new FrozenDictionary<string, int>[CodesetNames.Count];
        for (int i = 0; i < sets.Length; i++) sets[i] = FrozenDictionary<string, int>.Empty;
        sets[(int)KeycodeSet.Linux] = Distinct(LinuxKeys.All);
        sets[(int)KeycodeSet.OsX] = MacCodes;
        sets[(int)KeycodeSet.Win32] = Win32Codes;
        return sets;
    }

    private static FrozenDictionary<string, int> Distinct(IEnumerable<(string Name, int Code)> keys)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, code) in keys) d.TryAdd(name, code);
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Code to row per codeset; a code that two rows claim belongs to the first (table order).</summary>
    private static FrozenDictionary<int, KeyRow>[] BuildRows()
    {
        var sets = new FrozenDictionary<int, KeyRow>[CodesetNames.Count];
        for (int i = 0; i < sets.Length; i++)
        {
            var set = (KeycodeSet)i;
            var d = new Dictionary<int, KeyRow>();
            foreach (var row in KeyTable.Rows)
            {
                if (CodeOf(row, set) is { } code) d.TryAdd(code, row);
                if (set == KeycodeSet.Win32)
                    foreach (var alias in row.Win32Names.Skip(1)) d.TryAdd(Win32Codes[alias], row);
            }
            sets[i] = d.ToFrozenDictionary();
        }
        return sets;
    }
}
