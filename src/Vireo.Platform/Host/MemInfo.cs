using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>
/// /proc/meminfo or /sys/devices/system/node/nodeN/meminfo ("Node 0 MemTotal: 123 kB"), as a map of
/// field name to bytes (fields without a unit, like HugePages_Total, keep their plain count).
/// </summary>
public sealed record MemInfo(IReadOnlyDictionary<string, ulong> Fields)
{
    public ulong TotalBytes => Get("MemTotal");
    public ulong FreeBytes => Get("MemFree");
    public ulong AvailableBytes => Fields.TryGetValue("MemAvailable", out ulong v) ? v : FreeBytes;
    public ulong BuffersBytes => Get("Buffers");
    public ulong CachedBytes => Get("Cached");

    public ulong Get(string field) => Fields.TryGetValue(field, out ulong v) ? v : 0;

    public static MemInfo Parse(string text)
    {
        var fields = new Dictionary<string, ulong>();
        foreach (string raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string line = raw.StartsWith("Node ", StringComparison.Ordinal) ? StripNodePrefix(raw) : raw;
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            string[] value = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (value.Length == 0 || !ulong.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
                continue;
            fields[line[..colon].Trim()] = value.Length > 1 && value[1] == "kB" ? n * 1024 : n;
        }
        return new MemInfo(fields);
    }

    public static MemInfo Read(string path = "/proc/meminfo") => Parse(File.ReadAllText(path));

    private static string StripNodePrefix(string line)
    {
        // "Node 0 MemTotal:       24575508 kB"
        string[] parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 ? parts[2] : line;
    }
}
