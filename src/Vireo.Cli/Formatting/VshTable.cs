using System.Text;

namespace Vireo.Cli.Formatting;

/// <summary>
/// virsh's table layout (vsh-table.c), reproduced from its output: every row starts with one space, cells are
/// left-aligned and separated by three spaces, the last cell is not padded, and the dashed line under the
/// header is as long as the padded cells plus three per column.
/// </summary>
public static class VshTable
{
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var row in all)
            for (var i = 0; i < widths.Length; i++)
                widths[i] = Math.Max(widths[i], Width(i < row.Count ? row[i] : ""));

        var sb = new StringBuilder();
        AppendRow(sb, header, widths);
        sb.Append('-', widths.Sum() + 3 * widths.Length).Append('\n');
        foreach (var row in all.Skip(1)) AppendRow(sb, row, widths);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> row, int[] widths)
    {
        sb.Append(' ');
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < row.Count ? row[i] : "";
            sb.Append(cell);
            if (i < widths.Length - 1) sb.Append(' ', widths[i] - Width(cell) + 3);
        }
        sb.Append('\n');
    }

    /// <summary>Columns on a terminal: wide (CJK) characters take two, as virsh measures with wcswidth.</summary>
    internal static int Width(string s)
    {
        var w = 0;
        foreach (var rune in s.EnumerateRunes())
            w += IsWide(rune.Value) ? 2 : 1;
        return w;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF
            or >= 0x20000 and <= 0x3FFFD;
}
