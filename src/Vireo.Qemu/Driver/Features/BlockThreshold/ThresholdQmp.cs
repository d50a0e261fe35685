using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockThreshold;

/// <summary>QEMU's BLOCK_WRITE_THRESHOLD event data: the node, how far past the threshold the write went, and the threshold.</summary>
internal readonly record struct ThresholdCrossed(string NodeName, ulong AmountExceeded, ulong Threshold);

/// <summary>
/// block-set-write-threshold and its one-shot event, pure. libvirt sets the threshold on the image's storage
/// (protocol) node, whose allocation is what a thin volume must grow for: "libvirt-N-storage" under
/// "libvirt-N-format". A node QEMU opened by itself from an image header ("#blockNNN") has no such pair; its own
/// node is used.
/// </summary>
internal static class ThresholdQmp
{
    public static QmpCommand Set(string nodeName, ulong threshold) =>
        new("block-set-write-threshold", new JsonObject { ["node-name"] = nodeName, ["write-threshold"] = threshold });

    public static string StorageNodeOf(string formatNode) =>
        formatNode.EndsWith("-format", StringComparison.Ordinal) ? formatNode[..^"-format".Length] + "-storage" : formatNode;

    /// <summary>The event's data, or null for another event or data QEMU did not send in full.</summary>
    public static ThresholdCrossed? Parse(QmpEvent e)
    {
        if (e.Name != "BLOCK_WRITE_THRESHOLD" || e.Data is not JsonObject d) return null;
        var node = (string?)d["node-name"];
        var excess = (ulong?)d["amount-exceeded"];
        var threshold = (ulong?)d["write-threshold"];
        return node is null || excess is null || threshold is null ? null : new ThresholdCrossed(node, excess.Value, threshold.Value);
    }
}
