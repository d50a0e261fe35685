using Vireo.Core.Domain;
using Vireo.Platform.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>
/// &lt;blkiotune&gt; on a guest's group: the weight, and per host block device its weight and throttles
/// (v1 blkio.*, v2 io.*). Devices are named by path in the definition and by MAJ:MIN in the kernel.
/// </summary>
internal static class BlkioSettings
{
    public static void Apply(CgroupLayout layout, ICgroupController group, BlkioTuneDef tune)
    {
        if (tune.Weight is { } w) group.BlkioWeight = (int)w;
        if (tune.Devices.Count == 0) return;
        var dir = Directory(layout, group);
        foreach (var d in tune.Devices)
        {
            var dev = CgroupBlockIo.DeviceNumber(d.Path);
            if (d.Weight is { } dw) CgroupBlockIo.SetDeviceWeight(dir, group.Version, dev, dw);
            if (d.ReadBytesSec is { } rb) CgroupBlockIo.SetThrottle(dir, group.Version, dev, BlockThrottle.ReadBytesSec, rb);
            if (d.WriteBytesSec is { } wb) CgroupBlockIo.SetThrottle(dir, group.Version, dev, BlockThrottle.WriteBytesSec, wb);
            if (d.ReadIopsSec is { } ri) CgroupBlockIo.SetThrottle(dir, group.Version, dev, BlockThrottle.ReadIopsSec, ri);
            if (d.WriteIopsSec is { } wi) CgroupBlockIo.SetThrottle(dir, group.Version, dev, BlockThrottle.WriteIopsSec, wi);
        }
    }

    /// <summary>The per-device settings the kernel holds now, by MAJ:MIN.</summary>
    public static IReadOnlyDictionary<BlockThrottle, IReadOnlyDictionary<string, ulong>> ReadThrottles(CgroupLayout layout, ICgroupController group)
    {
        var dir = Directory(layout, group);
        return Enum.GetValues<BlockThrottle>().ToDictionary(k => k, k => CgroupBlockIo.GetThrottles(dir, group.Version, k));
    }

    /// <summary>The group's directory in the blkio hierarchy (v1) or the unified one (v2).</summary>
    public static string Directory(CgroupLayout layout, ICgroupController group) =>
        group.Version == CgroupVersion.V2
            ? Path.Combine(layout.UnifiedMount!, group.RelativePath)
            : layout.V1Mounts.TryGetValue("blkio", out var mount)
                ? Path.Combine(mount, group.RelativePath)
                : throw new NotSupportedException("The blkio cgroup controller is not mounted on this host.");
}
