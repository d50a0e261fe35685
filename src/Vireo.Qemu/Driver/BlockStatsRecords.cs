using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>What the image files of a shut-off domain's disk say: bytes allocated on the host, virtual size and file length.</summary>
internal sealed record ImageSizes(ulong Allocation, ulong Capacity, ulong Physical);

/// <summary>
/// The block group of CONNECT_GET_ALL_DOMAIN_STATS (virsh domstats --block): one record per disk, in the
/// definition's order, named by its &lt;target dev&gt; - or with backing, one per image of each disk's chain,
/// active image first. Counters come from query-blockstats, sizes from query-block; a disk QEMU does not
/// report (an empty drive, a monitor that did not answer) still gets its name and path. Pure.
/// </summary>
internal static class BlockStatsRecords
{
    private const string Prefix = "block.";

    /// <summary>
    /// Whether a query-block/query-blockstats "qdev" is the -device <paramref name="deviceId"/>: virtio-blk reports
    /// its backend (/machine/peripheral/ID/virtio-backend), other devices their own path or bare id.
    /// </summary>
    public static bool IsDevice(string? qdev, string deviceId) =>
        qdev is not null && (qdev == deviceId ||
                             qdev.EndsWith("/" + deviceId, StringComparison.Ordinal) ||
                             qdev.EndsWith("/" + deviceId + "/virtio-backend", StringComparison.Ordinal));

    /// <summary>
    /// A running domain's records from the two replies (either null when QEMU was not asked or did not answer).
    /// <paramref name="nodeThresholds"/>: write thresholds by node name (query-named-block-nodes), asked only while one
    /// is set; libvirt reports an image's threshold from its storage node, where domblkthreshold puts it.
    /// </summary>
    public static IReadOnlyList<TypedParameter> Live(IReadOnlyList<DiskDef> disks, IReadOnlyDictionary<string, string> targetToDevice,
        JsonNode? queryBlock, JsonNode? queryBlockStats, bool backing, IReadOnlyDictionary<string, long>? nodeThresholds = null)
    {
        var records = new List<List<TypedParameter>>();
        foreach (var disk in disks)
        {
            var deviceId = targetToDevice.GetValueOrDefault(disk.Target.Dev);
            var block = deviceId is null ? null : queryBlock.Items().FirstOrDefault(b => IsDevice(b.Str("qdev"), deviceId));
            var stats = deviceId is null ? null : queryBlockStats.Items().FirstOrDefault(b => IsDevice(b.Str("qdev"), deviceId));
            var inserted = block?["inserted"];
            if (disk.Source is null || (block is not null && inserted is null))
            {
                records.Add(Header(disk.Target.Dev, null, 0)); // an empty drive: just its name, as libvirt does
                continue;
            }
            var image = inserted?["image"];
            var layerStats = stats;
            for (uint index = 0; ; index++)
            {
                var path = index == 0 ? disk.Source.Path : image.Str("filename");
                var record = Header(disk.Target.Dev, path, index);
                AddCounters(record, layerStats?["stats"]);
                AddSizes(record, image, index == 0 ? ThresholdOf(inserted, nodeThresholds) : null);
                records.Add(record);
                image = image?["backing-image"];
                layerStats = layerStats?["backing"];
                if (!backing || image is null) break;
            }
        }
        return Numbered(records);
    }

    /// <summary>A shut-off domain's records: name and path, and the image sizes where <paramref name="sizes"/> can read them.</summary>
    public static IReadOnlyList<TypedParameter> Offline(IReadOnlyList<DiskDef> disks, Func<string, ImageSizes?> sizes)
    {
        var records = new List<List<TypedParameter>>();
        foreach (var disk in disks)
        {
            var record = Header(disk.Target.Dev, disk.Source?.Path, 0);
            if (disk.Source?.Path is { } path && sizes(path) is { } s)
            {
                record.Add(TypedParameter.ULLong("allocation", s.Allocation));
                record.Add(TypedParameter.ULLong("capacity", s.Capacity));
                record.Add(TypedParameter.ULLong("physical", s.Physical));
            }
            records.Add(record);
        }
        return Numbered(records);
    }

    /// <summary>name, path (when the drive has a medium) and, for a backing image, its place in the chain.</summary>
    private static List<TypedParameter> Header(string target, string? path, uint backingIndex)
    {
        var record = new List<TypedParameter> { TypedParameter.String("name", target) };
        if (path is not null) record.Add(TypedParameter.String("path", path));
        // Vireo's XML carries no index attributes: a backing image's index is its depth below the active image.
        if (backingIndex > 0) record.Add(TypedParameter.UInt("backingIndex", backingIndex));
        return record;
    }

    private static void AddCounters(List<TypedParameter> record, JsonNode? s)
    {
        if (s is null) return;
        void Add(string field, string member)
        {
            if (s.Long(member) is { } v) record.Add(TypedParameter.ULLong(field, (ulong)Math.Max(v, 0)));
        }
        Add("rd.reqs", "rd_operations");
        Add("rd.bytes", "rd_bytes");
        Add("rd.times", "rd_total_time_ns");
        Add("wr.reqs", "wr_operations");
        Add("wr.bytes", "wr_bytes");
        Add("wr.times", "wr_total_time_ns");
        Add("fl.reqs", "flush_operations");
        Add("fl.times", "flush_total_time_ns");
        // libvirt's allocation of a running disk is the highest offset the guest has written.
        Add("allocation", "wr_highest_offset");
    }

    private static void AddSizes(List<TypedParameter> record, JsonNode? image, long? threshold)
    {
        if (image.Long("virtual-size") is not { } capacity) return;
        record.Add(TypedParameter.ULLong("capacity", (ulong)capacity));
        // actual-size is what the image occupies on the host; an image without one is fully allocated.
        record.Add(TypedParameter.ULLong("physical", (ulong)(image.Long("actual-size") ?? capacity)));
        if (threshold is > 0) record.Add(TypedParameter.ULLong("threshold", (ulong)threshold.Value));
    }

    /// <summary>The active image's threshold: on its storage node when QEMU's nodes were read, else on the drive's own node.</summary>
    private static long? ThresholdOf(JsonNode? inserted, IReadOnlyDictionary<string, long>? nodeThresholds) =>
        nodeThresholds is not null && inserted.Str("node-name") is { } node
            ? nodeThresholds.GetValueOrDefault(Features.BlockThreshold.ThresholdQmp.StorageNodeOf(node))
            : inserted.Long("write_threshold");

    /// <summary>Each node's write threshold from a query-named-block-nodes answer (nodes without one are left out).</summary>
    public static Dictionary<string, long> NodeThresholds(JsonNode? namedNodes)
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var n in namedNodes.Items())
            if (n.Str("node-name") is { } name && n.Long("write_threshold") is { } t and > 0) map[name] = t;
        return map;
    }

    private static List<TypedParameter> Numbered(List<List<TypedParameter>> records)
    {
        var list = new List<TypedParameter> { TypedParameter.UInt("block.count", (uint)records.Count) };
        for (int i = 0; i < records.Count; i++)
            list.AddRange(records[i].Select(p => p with { Field = $"{Prefix}{i}.{p.Field}" }));
        return list;
    }
}
