using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// Transaction actions on dirty bitmaps (for <see cref="QmpCommands.Transaction"/>): checkpoints add and
/// remove persistent ones on a disk's qcow2 node; an incremental backup merges them into a temporary one.
/// </summary>
internal static class QmpBitmapActions
{
    /// <summary>block-dirty-bitmap-add: a bitmap recording every write to <paramref name="node"/> from now on.</summary>
    public static JsonObject Add(string node, string name, bool persistent) =>
        Action("block-dirty-bitmap-add", new JsonObject { ["node"] = node, ["name"] = name, ["persistent"] = persistent });

    /// <summary>block-dirty-bitmap-remove: drops the bitmap (from the image too when it is persistent).</summary>
    public static JsonObject Remove(string node, string name) =>
        Action("block-dirty-bitmap-remove", new JsonObject { ["node"] = node, ["name"] = name });

    /// <summary>block-dirty-bitmap-merge: ORs the bitmaps <paramref name="sources"/> of the same node into <paramref name="target"/>.</summary>
    public static JsonObject Merge(string node, string target, IEnumerable<string> sources)
    {
        var list = new JsonArray();
        foreach (var s in sources) list.Add((JsonNode)JsonValue.Create(s));
        return Action("block-dirty-bitmap-merge", new JsonObject { ["node"] = node, ["target"] = target, ["bitmaps"] = list });
    }

    private static JsonObject Action(string type, JsonObject data) => new() { ["type"] = type, ["data"] = data };
}
