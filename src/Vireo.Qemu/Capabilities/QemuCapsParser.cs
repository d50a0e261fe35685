using System.Text.Json;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// One question the probe asks QEMU: the key its reply is kept under, the QMP command and its arguments.
/// An optional one that QEMU refuses (a target without CPU model expansion) is kept as JSON null.
/// </summary>
public sealed record QemuProbeRequest(string Key, string Command, string? ArgumentsJson = null, bool Optional = false);

/// <summary>
/// Pure parser of a probe document: the "return" values of the QMP commands QemuCapsProber sends, kept
/// verbatim under their keys so that a capture from a real binary is a test fixture and a cache
/// file at the same time:
/// <code>
/// { "emulator": "/usr/bin/qemu-system-x86_64", "accel": "tcg",
///   "replies": { "query-version": {...}, "query-target": {...}, "query-machines": [...],
///                "qom-list-types": [...], "query-cpu-definitions": [...],
///                "query-cpu-model-expansion:static-max": {...}, "query-cpu-model-expansion:static-max-non-migratable": {...} } }
/// </code>
/// </summary>
public static class QemuCapsParser
{
    public const string MaxExpansionKey = "query-cpu-model-expansion:static-max";
    public const string MaxNonMigratableExpansionKey = "query-cpu-model-expansion:static-max-non-migratable";

    /// <summary>
    /// The questions whose replies a probe document holds, in the order they are asked. The CPU QEMU gives a
    /// guest of CPU model 'max' under the probe's accelerator is asked for twice, as libvirt asks for it: once
    /// as is, once with migratable=off, which tells the features a migratable guest may not keep.
    /// </summary>
    public static readonly IReadOnlyList<QemuProbeRequest> Requests =
    [
        new("query-version", "query-version"),
        new("query-target", "query-target"),
        new("query-machines", "query-machines"),
        new("qom-list-types", "qom-list-types", "{\"abstract\":false}"),
        new("query-cpu-definitions", "query-cpu-definitions"),
        new(MaxExpansionKey, "query-cpu-model-expansion", "{\"type\":\"static\",\"model\":{\"name\":\"max\"}}", Optional: true),
        new(MaxNonMigratableExpansionKey, "query-cpu-model-expansion",
            "{\"type\":\"static\",\"model\":{\"name\":\"max\",\"props\":{\"migratable\":false}}}", Optional: true),
    ];

    public static QemuEmulatorCaps Parse(string document)
    {
        try
        {
            using var doc = JsonDocument.Parse(document);
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The QEMU capabilities document is not valid JSON: {e.Message}", e);
        }
    }

    public static QemuEmulatorCaps Parse(JsonElement root)
    {
        var emulator = RequireString(root, "emulator", "the document");
        var replies = Require(root, "replies", "the document");
        var accel = root.TryGetProperty("accel", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "tcg";
        var types = ParseQomTypes(Require(replies, "qom-list-types", "replies"));
        return new QemuEmulatorCaps
        {
            EmulatorPath = emulator,
            Version = ParseVersion(Require(replies, "query-version", "replies")),
            Arch = RequireString(Require(replies, "query-target", "replies"), "arch", "query-target"),
            Machines = ParseMachines(Require(replies, "query-machines", "replies")),
            QomTypes = types,
            Accelerators = types.Where(t => t.EndsWith("-accel", StringComparison.Ordinal))
                                .Select(t => t[..^"-accel".Length]).Order(StringComparer.Ordinal).ToList(),
            CpuModels = ParseCpuModels(Require(replies, "query-cpu-definitions", "replies")),
            CpuModelsAccelerator = accel,
            MaxCpuExpansion = QemuCpuExpansionParser.Parse(Require(replies, MaxExpansionKey, "replies"),
                Require(replies, MaxNonMigratableExpansionKey, "replies")),
        };
    }

    /// <summary>query-version: {"qemu": {"major", "minor", "micro"}, "package"}.</summary>
    public static QemuVersion ParseVersion(JsonElement ret)
    {
        var qemu = Require(ret, "qemu", "query-version");
        var package = ret.TryGetProperty("package", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()!.Trim() : "";
        return new QemuVersion(RequireInt(qemu, "major", "query-version"), RequireInt(qemu, "minor", "query-version"),
            RequireInt(qemu, "micro", "query-version"), package);
    }

    /// <summary>query-machines: name, alias, is-default, cpu-max, deprecated, default-cpu-type, default-ram-id.</summary>
    public static IReadOnlyList<QemuMachineType> ParseMachines(JsonElement ret) =>
        ExpectArray(ret, "query-machines").Select(m => new QemuMachineType
        {
            Name = RequireString(m, "name", "a query-machines entry"),
            Alias = OptString(m, "alias"),
            IsDefault = OptBool(m, "is-default"),
            MaxCpus = m.TryGetProperty("cpu-max", out var c) && c.TryGetInt32(out var n) ? n : 1,
            Deprecated = OptBool(m, "deprecated"),
            HotpluggableCpus = OptBool(m, "hotpluggable-cpus"),
            DefaultCpuType = OptString(m, "default-cpu-type"),
            DefaultRamId = OptString(m, "default-ram-id"),
        }).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();

    /// <summary>qom-list-types: [{"name", "parent"}]; only the names are kept.</summary>
    public static IReadOnlySet<string> ParseQomTypes(JsonElement ret) =>
        ExpectArray(ret, "qom-list-types").Select(t => RequireString(t, "name", "a qom-list-types entry"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>query-cpu-definitions: name, typename, unavailable-features, static, migration-safe, deprecated.</summary>
    public static IReadOnlyList<QemuCpuModel> ParseCpuModels(JsonElement ret) =>
        ExpectArray(ret, "query-cpu-definitions").Select(c => new QemuCpuModel
        {
            Name = RequireString(c, "name", "a query-cpu-definitions entry"),
            TypeName = OptString(c, "typename"),
            UnavailableFeatures = c.TryGetProperty("unavailable-features", out var u) && u.ValueKind == JsonValueKind.Array
                ? u.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList()
                : [],
            Deprecated = OptBool(c, "deprecated"),
            Static = OptBool(c, "static"),
            MigrationSafe = OptBool(c, "migration-safe"),
        }).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    internal static IEnumerable<JsonElement> ExpectArray(JsonElement e, string what) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new FormatException($"The {what} reply is not a JSON array.");

    internal static JsonElement Require(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v
            : throw new FormatException($"The QEMU capabilities document lacks \"{name}\" in {where}.");

    internal static string RequireString(JsonElement e, string name, string where)
    {
        var v = Require(e, name, where);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"\"{name}\" in {where} is not a string.");
    }

    private static int RequireInt(JsonElement e, string name, string where)
    {
        var v = Require(e, name, where);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw new FormatException($"\"{name}\" in {where} is not an integer.");
    }

    private static string? OptString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool OptBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
