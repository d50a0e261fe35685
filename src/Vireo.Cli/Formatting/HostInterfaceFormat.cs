namespace Vireo.Cli.Formatting;

/// <summary>virsh 9.0's iface-list table, and its test for a MAC address argument.</summary>
public static class HostInterfaceFormat
{
    /// <summary>Name, State, MAC Address; sorted by name ignoring ASCII case (virsh's strcasecmp).</summary>
    public static string List(IEnumerable<(string Name, bool Active, string Mac)> rows) =>
        VshTable.Format(["Name", "State", "MAC Address"],
            rows.OrderBy(r => r.Name, AsciiCaseInsensitive.Instance).Select(r => (IReadOnlyList<string>)[r.Name, r.Active ? "active" : "inactive", r.Mac]));

    /// <summary>virMacAddrParse: six groups of one or two hex digits separated by ':', nothing else.</summary>
    public static bool IsMacAddress(string s)
    {
        var groups = s.Split(':');
        return groups.Length == 6 && groups.All(g => g.Length is 1 or 2 && g.All(char.IsAsciiHexDigit));
    }

    /// <summary>strcasecmp: bytes compared after folding ASCII letters to lower case.</summary>
    private sealed class AsciiCaseInsensitive : IComparer<string>
    {
        public static readonly AsciiCaseInsensitive Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = System.Text.Encoding.UTF8.GetBytes(x ?? "");
            var b = System.Text.Encoding.UTF8.GetBytes(y ?? "");
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int ca = a[i] is >= (byte)'A' and <= (byte)'Z' ? a[i] + 32 : a[i], cb = b[i] is >= (byte)'A' and <= (byte)'Z' ? b[i] + 32 : b[i];
                if (ca != cb) return ca - cb;
            }
            return a.Length - b.Length;
        }
    }
}
