using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// query-block entry: a guest-visible block device. With -blockdev the legacy Device name is empty and
/// the device is identified by QdevPath ("/machine/peripheral/ID/virtio-backend") and NodeName.
/// </summary>
public sealed record QmpBlockDevice(string Device, string? QdevPath, string? NodeName, string? FileName, string? Format,
    bool ReadOnly, bool Removable, bool Locked, string? IoStatus, long? VirtualSize, long? ActualSize, string? BackingFile)
{
    /// <summary>The -device id= from the qdev path ("/machine/peripheral/vd1/virtio-backend" -> "vd1").</summary>
    public string? DeviceId => QdevPath is { } q && q.StartsWith("/machine/peripheral/", StringComparison.Ordinal)
        ? q["/machine/peripheral/".Length..].Split('/')[0]
        : null;

    public static IReadOnlyList<QmpBlockDevice> ListFromJson(JsonNode? r) =>
        r.Items().Select(b =>
        {
            var ins = b["inserted"];
            var img = ins?["image"];
            return new QmpBlockDevice(b.Str("device") ?? "", b.Str("qdev"), ins.Str("node-name"), ins.Str("file"), ins.Str("drv"),
                ins.Bool("ro"), b.Bool("removable"), b.Bool("locked"), b.Str("io-status"),
                img.Long("virtual-size"), img.Long("actual-size"), img.Str("backing-filename") ?? ins.Str("backing_file"));
        }).ToList();
}

/// <summary>query-blockstats entry: I/O counters of the guest-facing node (libvirt's domblkstat).</summary>
public sealed record QmpBlockStats(string Device, string? NodeName, string? QdevPath,
    long RdBytes, long WrBytes, long RdOperations, long WrOperations, long FlushOperations,
    long RdTotalTimeNs, long WrTotalTimeNs, long FlushTotalTimeNs, long WrHighestOffset)
{
    public static IReadOnlyList<QmpBlockStats> ListFromJson(JsonNode? r) =>
        r.Items().Select(b =>
        {
            var s = b["stats"];
            return new QmpBlockStats(b.Str("device") ?? "", b.Str("node-name"), b.Str("qdev"),
                s.Long("rd_bytes") ?? 0, s.Long("wr_bytes") ?? 0, s.Long("rd_operations") ?? 0, s.Long("wr_operations") ?? 0,
                s.Long("flush_operations") ?? 0, s.Long("rd_total_time_ns") ?? 0, s.Long("wr_total_time_ns") ?? 0,
                s.Long("flush_total_time_ns") ?? 0, s.Long("wr_highest_offset") ?? 0);
        }).ToList();
}

/// <summary>query-block-jobs entry. Device is the job id for jobs started with job-id.</summary>
public sealed record QmpBlockJob(string Device, string Type, long Length, long Offset, long Speed, bool Busy, bool Paused,
    bool Ready, string Status)
{
    public static IReadOnlyList<QmpBlockJob> ListFromJson(JsonNode? r) =>
        r.Items().Select(j => new QmpBlockJob(j.Str("device") ?? "", j.Str("type") ?? "", j.Long("len") ?? 0, j.Long("offset") ?? 0,
            j.Long("speed") ?? 0, j.Bool("busy"), j.Bool("paused"), j.Bool("ready"), j.Str("status") ?? "")).ToList();
}

/// <summary>query-named-block-nodes entry (with flat=true: each node once).</summary>
public sealed record QmpNamedBlockNode(string NodeName, string Driver, string File, bool ReadOnly, long? VirtualSize,
    string? BackingFile, int BackingDepth)
{
    public static IReadOnlyList<QmpNamedBlockNode> ListFromJson(JsonNode? r) =>
        r.Items().Select(n => new QmpNamedBlockNode(n.Str("node-name") ?? "", n.Str("drv") ?? "", n.Str("file") ?? "", n.Bool("ro"),
            n["image"].Long("virtual-size"), n["image"].Str("backing-filename") ?? n.Str("backing_file"),
            (int)(n.Long("backing_file_depth") ?? 0))).ToList();
}

/// <summary>A dirty bitmap of a block node (query-named-block-nodes' "dirty-bitmaps"): its name and how many bytes it marks dirty.</summary>
public sealed record QmpDirtyBitmap(string Node, string Name, ulong Count, bool Persistent)
{
    /// <summary>Every bitmap of every node, from query-named-block-nodes (flat).</summary>
    public static IReadOnlyList<QmpDirtyBitmap> ListFromJson(JsonNode? namedNodes) =>
        namedNodes.Items().SelectMany(n => n["dirty-bitmaps"].Items().Select(b =>
            new QmpDirtyBitmap(n.Str("node-name") ?? "", b.Str("name") ?? "", (ulong)(b.Long("count") ?? 0), b.Bool("persistent")))).ToList();
}
