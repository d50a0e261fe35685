using System.Globalization;
using System.Text;

namespace Vireo.Platform.Host;

/// <summary>The kernel's cpu/node list format ("0-3,8,10-11"), used by sysfs, cpuset and libvirt's cpuset attributes.</summary>
public static class CpuList
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var result = new SortedSet<int>();
        foreach (string part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-');
            if (dash < 0)
            {
                result.Add(Number(part, text));
                continue;
            }
            int from = Number(part[..dash], text), to = Number(part[(dash + 1)..], text);
            if (to < from)
                throw new FormatException($"The cpu list '{text}' has a range that runs backwards ({part}).");
            for (int i = from; i <= to; i++)
                result.Add(i);
        }
        return result.ToList();
    }

    /// <summary>Formats ids as the shortest list with ranges: [0,1,2,5] -> "0-2,5".</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().Order().ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $"{sorted[i]}");
            if (j > i)
                sb.Append(CultureInfo.InvariantCulture, $"-{sorted[j]}");
            i = j + 1;
        }
        return sb.ToString();
    }

    private static int Number(string s, string whole) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new FormatException($"The cpu list '{whole}' contains '{s}', which is not a number.");
}
