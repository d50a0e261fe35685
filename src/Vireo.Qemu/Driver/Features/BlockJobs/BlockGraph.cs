using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>One image of a disk's chain as QEMU has it open: its file, format, size and block node.</summary>
internal sealed record BlockLayer(string Path, DiskFormat Format, ulong VirtualSize, string NodeName)
{
    /// <summary>QEMU names the nodes it opened itself from an image header '#blockNNN'; those vanish on their own when unused.</summary>
    public bool IsImplicit => NodeName.StartsWith('#');
}

/// <summary>A guest disk's chain, active layer first.</summary>
internal sealed record DiskGraph(string Target, string DeviceId, IReadOnlyList<BlockLayer> Layers)
{
    public BlockLayer Top => Layers[0];

    /// <summary>The layer whose image is at <paramref name="path"/>, or null.</summary>
    public int IndexOf(string path) => Layers.ToList().FindIndex(l => l.Path == path);
}

/// <summary>
/// The block graph of a running guest, read from query-block (each device's active node and the chain of
/// images below it) and query-named-block-nodes (the node of each image). libvirt tracks node names in
/// its status XML; reading them back from QEMU keeps one source of truth and also covers the nodes QEMU
/// opened itself from image headers (the backing chain of a disk after a start). Parsing is pure.
/// </summary>
internal static class BlockGraph
{
    private static readonly HashSet<string> FormatDrivers = new(StringComparer.Ordinal) { "qcow2", "raw" };

    /// <summary>Filter drivers QEMU inserts above a disk's active node while a job runs (a backup's copy-before-write).</summary>
    private static readonly HashSet<string> Filters = new(StringComparer.Ordinal) { "copy-before-write" };

    public static async Task<IReadOnlyDictionary<string, DiskGraph>> ReadAsync(IGuestMonitor monitor,
        IReadOnlyDictionary<string, string> targetToDevice, CancellationToken ct)
    {
        var block = await monitor.ExecuteAsync(QmpCommands.QueryBlock(), ct).ConfigureAwait(false);
        var nodes = await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), ct).ConfigureAwait(false);
        return Parse(block, nodes, targetToDevice);
    }

    /// <summary>Disk target to chain, for every device of <paramref name="targetToDevice"/> that has a medium.</summary>
    public static IReadOnlyDictionary<string, DiskGraph> Parse(JsonNode? queryBlock, JsonNode? namedNodes, IReadOnlyDictionary<string, string> targetToDevice)
    {
        var nodes = QmpNamedBlockNode.ListFromJson(namedNodes);
        var deviceToTarget = targetToDevice.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var result = new Dictionary<string, DiskGraph>(StringComparer.Ordinal);
        foreach (var dev in (queryBlock as JsonArray ?? []).OfType<JsonObject>())
        {
            var qdev = (string?)dev["qdev"];
            var deviceId = qdev is not null && qdev.StartsWith("/machine/peripheral/", StringComparison.Ordinal)
                ? qdev["/machine/peripheral/".Length..].Split('/')[0]
                : null;
            if (deviceId is null || !deviceToTarget.TryGetValue(deviceId, out var target)) continue;
            if (dev["inserted"] is not JsonObject inserted) continue;
            var topNode = (string?)inserted["node-name"] ?? throw new InvalidDataException($"QEMU reports no node for disk {target}");
            var image = inserted["image"];
            // A running backup puts its copy-before-write filter above the disk; the disk's chain is below it.
            bool filtered = false;
            while (image is JsonObject f && Filters.Contains((string?)f["format"] ?? ""))
            {
                image = f["backing-image"];
                filtered = true;
            }
            var images = new List<(string Path, DiskFormat Format, ulong Size)>();
            for (var img = image; img is JsonObject o; img = o["backing-image"])
                images.Add(((string?)o["filename"] ?? "", ParseFormat((string?)o["format"]), (ulong)((long?)o["virtual-size"] ?? 0)));
            var layers = new List<BlockLayer>(images.Count);
            for (int i = 0; i < images.Count; i++)
            {
                var name = i == 0 && !filtered ? topNode : FindNode(nodes, images[i].Path, i + 1 < images.Count ? images[i + 1].Path : null, target);
                layers.Add(new BlockLayer(images[i].Path, images[i].Format, images[i].Size, name));
            }
            result[target] = new DiskGraph(target, deviceId, layers);
        }
        return result;
    }

    /// <summary>
    /// The format node of the image at <paramref name="path"/>. Two disks sharing a base image have two nodes
    /// for it; the backing file below tells them apart where it can.
    /// </summary>
    private static string FindNode(IReadOnlyList<QmpNamedBlockNode> nodes, string path, string? below, string target)
    {
        var candidates = nodes.Where(n => FormatDrivers.Contains(n.Driver) && n.File == path).ToList();
        if (candidates.Count > 1 && candidates.Where(n => n.BackingFile == below).ToList() is { Count: > 0 } narrowed)
            candidates = narrowed;
        return candidates.Count > 0
            ? candidates[0].NodeName
            : throw new InvalidDataException($"QEMU has no block node for image '{path}' of disk {target}");
    }

    private static DiskFormat ParseFormat(string? format) => format switch
    {
        "qcow2" => DiskFormat.Qcow2,
        "raw" => DiskFormat.Raw,
        _ => throw new InvalidDataException($"disk image format '{format}' is not supported"),
    };
}
