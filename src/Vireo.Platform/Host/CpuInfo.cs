using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>
/// What we use from /proc/cpuinfo: model, speed, count, topology and the flags of the first CPU, its microcode
/// revision and physical address width (libvirt's &lt;microcode&gt; and &lt;maxphysaddr&gt;; null where the kernel
/// does not say, as in many virtual machines for the microcode).
/// </summary>
public sealed record CpuInfo(string Model, double Mhz, int LogicalCpus, int Sockets, int CoresPerSocket,
    int ThreadsPerCore, IReadOnlySet<string> Flags, string Vendor)
{
    public uint? Microcode { get; init; }
    public int? PhysicalAddressBits { get; init; }

    public static CpuInfo Parse(string text)
    {
        var blocks = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseBlock).Where(b => b.ContainsKey("processor")).ToList();
        if (blocks.Count == 0)
            throw new FormatException("The cpuinfo text lists no processor.");
        var first = blocks[0];
        string Field(Dictionary<string, string> b, string k) => b.TryGetValue(k, out string? v) ? v : "";
        int sockets = Math.Max(1, blocks.Select(b => Field(b, "physical id")).Distinct().Count());
        int cores = int.TryParse(Field(first, "cpu cores"), CultureInfo.InvariantCulture, out int c) ? c : blocks.Count / sockets;
        int threads = Math.Max(1, blocks.Count / Math.Max(1, sockets * cores));
        double.TryParse(Field(first, "cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out double mhz);
        return new CpuInfo(
            Model: Field(first, "model name"), Mhz: mhz, LogicalCpus: blocks.Count, Sockets: sockets,
            CoresPerSocket: cores, ThreadsPerCore: threads,
            Flags: Field(first, "flags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            Vendor: Field(first, "vendor_id"))
        {
            Microcode = Field(first, "microcode") is { Length: > 0 } mc && uint.TryParse(mc.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? mc[2..] : mc,
                NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rev) ? rev : null,
            // "48 bits physical, 48 bits virtual"
            PhysicalAddressBits = Field(first, "address sizes").Split(' ') is [var bits, "bits", "physical,", ..]
                && int.TryParse(bits, CultureInfo.InvariantCulture, out var b) ? b : null,
        };
    }

    public static CpuInfo Read() => Parse(File.ReadAllText("/proc/cpuinfo"));

    private static Dictionary<string, string> ParseBlock(string block)
    {
        var d = new Dictionary<string, string>();
        foreach (string line in block.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
                d.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return d;
    }
}
