using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.BlockThreshold;

/// <summary>A threshold QEMU holds on a storage node, with the disk name its event will carry.</summary>
internal readonly record struct ArmedThreshold(string Node, string Dev, string Path, ulong Threshold);

/// <summary>
/// The thresholds a guest already carries when a new engine adopts it. QEMU keeps them across the engine's
/// restart; only the engine's memory of how to name their events is lost, and it follows from the chain: the
/// active image is named by its target ("vda"), an image below it by its index ("vda[2]"), the only ways
/// <see cref="QemuBlockThreshold"/> can reach them. (libvirt also remembers whether the active image was set
/// as "vda[1]" and names its event so; after a restart vireod names it "vda".) Pure.
/// </summary>
internal static class ArmedThresholds
{
    public static IReadOnlyList<ArmedThreshold> Find(DomainDef live, IReadOnlyDictionary<string, DiskGraph> graph,
        IReadOnlyDictionary<string, long> nodeThresholds)
    {
        var armed = new List<ArmedThreshold>();
        foreach (var disk in live.Devices.Disks)
        {
            if (!graph.TryGetValue(disk.Target.Dev, out var chain)) continue;
            var indexes = new List<uint?> { disk.Source?.Index ?? 1 };
            for (var b = disk.BackingStore; b is { IsEnd: false }; b = b.Next) indexes.Add(b.Index);
            for (var position = 0; position < chain.Layers.Count; position++)
            {
                var layer = chain.Layers[position];
                var node = ThresholdQmp.StorageNodeOf(layer.NodeName);
                if (!nodeThresholds.TryGetValue(node, out var threshold) || threshold <= 0) continue;
                string? dev = position == 0 ? disk.Target.Dev
                    : position < indexes.Count && indexes[position] is { } i ? string.Create(CultureInfo.InvariantCulture, $"{disk.Target.Dev}[{i}]")
                    : null; // a layer the XML gives no index could not have been armed through the API
                if (dev is not null) armed.Add(new ArmedThreshold(node, dev, layer.Path, (ulong)threshold));
            }
        }
        return armed;
    }
}
