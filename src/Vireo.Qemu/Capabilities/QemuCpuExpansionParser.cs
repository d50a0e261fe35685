using System.Text.Json;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// Reads the two static expansions of a CPU model the probe asks for (as is, and with migratable=off) into one
/// <see cref="QemuCpuExpansion"/>, deciding each feature's migratability as libvirt does: on as is, it
/// migrates; off as is but on with migratable=off, it does not. A JSON null reply (QEMU could not expand) gives
/// no expansion, or no migratability. Pure.
/// </summary>
public static class QemuCpuExpansionParser
{
    public static QemuCpuExpansion? Parse(JsonElement asIs, JsonElement nonMigratable)
    {
        if (asIs.ValueKind == JsonValueKind.Null) return null;
        var (name, props) = ModelOf(asIs);
        Dictionary<string, bool>? onWithoutMigration = null;
        if (nonMigratable.ValueKind != JsonValueKind.Null)
            onWithoutMigration = ModelOf(nonMigratable).Props
                .Where(p => p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.True, StringComparer.Ordinal);
        var properties = props.Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.True => new QemuCpuProperty(p.Name, true, null, onWithoutMigration is null ? null : true),
            JsonValueKind.False => new QemuCpuProperty(p.Name, false, null,
                onWithoutMigration is not null && onWithoutMigration.GetValueOrDefault(p.Name) ? false : null),
            JsonValueKind.String => new QemuCpuProperty(p.Name, null, p.Value.GetString(), null),
            _ => new QemuCpuProperty(p.Name, null, p.Value.GetRawText(), null),
        }).ToList();
        return new QemuCpuExpansion(name, properties, onWithoutMigration is not null);
    }

    private static (string Name, List<JsonProperty> Props) ModelOf(JsonElement ret)
    {
        var model = QemuCapsParser.Require(ret, "model", "query-cpu-model-expansion");
        var name = QemuCapsParser.RequireString(model, "name", "query-cpu-model-expansion");
        var props = model.TryGetProperty("props", out var p) && p.ValueKind == JsonValueKind.Object ? p.EnumerateObject().ToList() : [];
        return (name, props);
    }
}
