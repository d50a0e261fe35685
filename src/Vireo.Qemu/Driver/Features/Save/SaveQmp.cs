using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// The QMP messages of save and restore (QEMU 7.2's qapi/migration.json): the migration stream goes to or
/// comes from a descriptor named with getfd, MIGRATION events say when it ends.
/// </summary>
internal static class SaveQmp
{
    /// <summary>The getfd name of the image's descriptor.</summary>
    public const string SaveFdName = "vireo-save";
    public const string RestoreFdName = "vireo-restore";

    /// <summary>
    /// libvirt writes a save at full speed; QEMU's default cap (32 MiB/s) would make a 1 GiB guest take half
    /// a minute. 1 TiB/s is far above any disk and inside QEMU's accepted range.
    /// </summary>
    public const long UnlimitedBandwidth = 1L << 40;

    /// <summary>MIGRATION events (status changes) instead of polling query-migrate.</summary>
    public static QmpCommand EnableEvents() => new("migrate-set-capabilities", new JsonObject
    {
        ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "events", ["state"] = true }),
    });

    public static QmpCommand FullSpeed() => new("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = UnlimitedBandwidth });

    public static QmpCommand Migrate(string fdName) => new("migrate", new JsonObject { ["uri"] = "fd:" + fdName });

    /// <summary>With -incoming defer: read the stream from the named descriptor.</summary>
    public static QmpCommand MigrateIncoming(string fdName) => new("migrate-incoming", new JsonObject { ["uri"] = "fd:" + fdName });

    public static QmpCommand MigrateCancel() => new("migrate_cancel");

    public static QmpCommand QueryMigrate() => new("query-migrate");

    public static QmpCommand CloseFd(string fdName) => new("closefd", new JsonObject { ["fdname"] = fdName });

    /// <summary>The argv that makes QEMU wait for migrate-incoming instead of booting.</summary>
    public static IReadOnlyList<string> IncomingArguments { get; } = ["-incoming", "defer"];

    /// <summary>A MIGRATION event's status when it is one that ends the migration, else null.</summary>
    public static MigrationEnd? EndOf(QmpEvent e) => e.Name != "MIGRATION" ? null : e.GetString("status") switch
    {
        "completed" => MigrationEnd.Completed,
        "failed" => MigrationEnd.Failed,
        "cancelled" => MigrationEnd.Cancelled,
        _ => null,
    };

    /// <summary>query-migrate's error-desc, when QEMU gives one.</summary>
    public static string? ErrorOf(JsonNode? queryMigrate) =>
        queryMigrate?["error-desc"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}

internal enum MigrationEnd { Completed, Failed, Cancelled }
