using System.Globalization;

namespace Vireo.Platform.Cgroups;

/// <summary>The per-device block I/O throttles libvirt's &lt;blkiotune&gt;&lt;device&gt; sets.</summary>
public enum BlockThrottle { ReadBytesSec, WriteBytesSec, ReadIopsSec, WriteIopsSec }

/// <summary>
/// Per-device block I/O settings of a group directory (the v1 blkio group or the v2 group): throttles
/// (v1 blkio.throttle.*_device, v2 io.max) and weights (v1 blkio[.bfq].weight_device, v2 io[.bfq].weight).
/// Devices are named by "MAJ:MIN", found from a path with <see cref="DeviceNumber"/>.
/// </summary>
public static class CgroupBlockIo
{
    /// <summary>"MAJ:MIN" of a block device path such as /dev/vda (symlinks followed), from sysfs.</summary>
    public static string DeviceNumber(string devicePath)
    {
        var info = new FileInfo(devicePath);
        var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        var sys = Path.Combine("/sys/class/block", Path.GetFileName(target), "dev");
        if (!info.Exists || !File.Exists(sys))
            throw new NotSupportedException($"'{devicePath}' is not a block device on this host.");
        return File.ReadAllText(sys).Trim();
    }

    public static void SetThrottle(string groupDir, CgroupVersion version, string device, BlockThrottle kind, ulong value)
    {
        if (version == CgroupVersion.V1)
        {
            // Writing 0 removes the device's rule.
            CgroupFile.Write(FileIn(groupDir, V1ThrottleFile(kind)), $"{device} {value.ToString(CultureInfo.InvariantCulture)}");
            return;
        }
        var v = value == 0 ? "max" : value.ToString(CultureInfo.InvariantCulture);
        CgroupFile.Write(FileIn(groupDir, "io.max"), $"{device} {V2Key(kind)}={v}");
    }

    /// <summary>The throttle of each device that has one (value 0 = none).</summary>
    public static IReadOnlyDictionary<string, ulong> GetThrottles(string groupDir, CgroupVersion version, BlockThrottle kind)
    {
        var result = new Dictionary<string, ulong>();
        if (version == CgroupVersion.V1)
        {
            foreach (var line in Lines(FileIn(groupDir, V1ThrottleFile(kind))))
                if (line.Split(' ') is [var dev, var val] && ulong.TryParse(val, CultureInfo.InvariantCulture, out var n))
                    result[dev] = n;
            return result;
        }
        foreach (var line in Lines(FileIn(groupDir, "io.max")))
        {
            var f = line.Split(' ');
            foreach (var kv in f.Skip(1))
                if (kv.StartsWith(V2Key(kind) + "=", StringComparison.Ordinal) &&
                    ulong.TryParse(kv.AsSpan(V2Key(kind).Length + 1), CultureInfo.InvariantCulture, out var n))
                    result[f[0]] = n;
        }
        return result;
    }

    public static void SetDeviceWeight(string groupDir, CgroupVersion version, string device, uint weight) =>
        CgroupFile.Write(WeightFile(groupDir, version), $"{device} {weight.ToString(CultureInfo.InvariantCulture)}");

    public static IReadOnlyDictionary<string, uint> GetDeviceWeights(string groupDir, CgroupVersion version)
    {
        var result = new Dictionary<string, uint>();
        foreach (var line in Lines(WeightFile(groupDir, version)))
            if (line.Split(' ') is [var dev, var val] && dev.Contains(':') && uint.TryParse(val, CultureInfo.InvariantCulture, out var n))
                result[dev] = n;
        return result;
    }

    private static string WeightFile(string dir, CgroupVersion version)
    {
        string[] candidates = version == CgroupVersion.V1
            ? ["blkio.weight_device", "blkio.bfq.weight_device"]
            : ["io.weight", "io.bfq.weight"];
        return candidates.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists)
            ?? throw new NotSupportedException($"Per-device block I/O weights ({string.Join(" or ", candidates)}) are not available on this host.");
    }

    private static string V1ThrottleFile(BlockThrottle kind) => kind switch
    {
        BlockThrottle.ReadBytesSec => "blkio.throttle.read_bps_device",
        BlockThrottle.WriteBytesSec => "blkio.throttle.write_bps_device",
        BlockThrottle.ReadIopsSec => "blkio.throttle.read_iops_device",
        _ => "blkio.throttle.write_iops_device",
    };

    private static string V2Key(BlockThrottle kind) => kind switch
    {
        BlockThrottle.ReadBytesSec => "rbps",
        BlockThrottle.WriteBytesSec => "wbps",
        BlockThrottle.ReadIopsSec => "riops",
        _ => "wiops",
    };

    private static string FileIn(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? path : throw new NotSupportedException($"The cgroup file {file} is not available in {dir} on this host.");
    }

    private static IEnumerable<string> Lines(string path) =>
        CgroupFile.Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim());
}
