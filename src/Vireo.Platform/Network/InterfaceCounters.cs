using System.Globalization;

namespace Vireo.Platform.Network;

/// <summary>Traffic counters of one interface, as libvirt's domifstat reports them.</summary>
public sealed record InterfaceCounters(string Name,
    ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped,
    ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped)
{
    /// <summary>From /sys/class/net/NAME/statistics (interfaces of our own namespace only).</summary>
    public static InterfaceCounters ReadSysfs(string name, string root = "/sys/class/net")
    {
        string dir = Path.Combine(root, name, "statistics");
        if (!Directory.Exists(dir))
            throw new IOException($"The interface {name} does not exist in this network namespace ({dir} is missing).");
        ulong R(string f) => ulong.Parse(File.ReadAllText(Path.Combine(dir, f)).Trim(), CultureInfo.InvariantCulture);
        return new InterfaceCounters(name, R("rx_bytes"), R("rx_packets"), R("rx_errors"), R("rx_dropped"),
            R("tx_bytes"), R("tx_packets"), R("tx_errors"), R("tx_dropped"));
    }

    /// <summary>
    /// Parses /proc/net/dev: two header lines, then "name: rx bytes packets errs drop fifo frame
    /// compressed multicast tx bytes packets errs drop fifo colls carrier compressed".
    /// </summary>
    public static IReadOnlyList<InterfaceCounters> ParseProcNetDev(string text)
    {
        var result = new List<InterfaceCounters>();
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || line.Contains('|'))
                continue;
            string[] f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 16)
                continue;
            ulong U(int i) => ulong.Parse(f[i], CultureInfo.InvariantCulture);
            result.Add(new InterfaceCounters(line[..colon].Trim(), U(0), U(1), U(2), U(3), U(8), U(9), U(10), U(11)));
        }
        return result;
    }

    /// <summary>Counters of every interface in a namespace (null: ours), read from the namespace's own /proc/net/dev.</summary>
    public static Task<IReadOnlyList<InterfaceCounters>> ReadAllAsync(string? netns)
    {
        static IReadOnlyList<InterfaceCounters> ReadHere() => ParseProcNetDev(File.ReadAllText("/proc/thread-self/net/dev"));
        return netns == null ? Task.FromResult(ReadHere()) : NetworkNamespace.RunInAsync(netns, ReadHere);
    }
}
