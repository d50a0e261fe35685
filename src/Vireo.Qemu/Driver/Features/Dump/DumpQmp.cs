using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Dump;

/// <summary>
/// The QMP messages of a memory-only dump (QEMU 7.2's qapi/dump.json): which formats this QEMU can write,
/// dump-guest-memory into a descriptor named with getfd, detached so that QEMU answers at once and reports the
/// end with a DUMP_COMPLETED event, and query-dump for the progress in between.
/// </summary>
internal static class DumpQmp
{
    /// <summary>The getfd name of the dump file's descriptor.</summary>
    public const string FdName = "vireo-dump";

    /// <summary>QEMU's DumpGuestMemoryFormat name of a libvirt format (raw is QEMU's ELF).</summary>
    public static string FormatName(CoreDumpFormat format) => format switch
    {
        CoreDumpFormat.Raw => "elf",
        CoreDumpFormat.KdumpZlib => "kdump-zlib",
        CoreDumpFormat.KdumpLzo => "kdump-lzo",
        CoreDumpFormat.KdumpSnappy => "kdump-snappy",
        CoreDumpFormat.WinDmp => "win-dmp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static QmpCommand QueryCapability() => new("query-dump-guest-memory-capability");

    /// <summary>The formats query-dump-guest-memory-capability lists (the compressed kdump ones depend on QEMU's build).</summary>
    public static IReadOnlySet<string> Formats(JsonNode? reply) =>
        reply?["formats"].Items().Select(f => f.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>The guest's physical memory, without paging (no guest page tables are walked), as libvirt asks for it.</summary>
    public static QmpCommand DumpGuestMemory(string fdName, string format) => new("dump-guest-memory", new JsonObject
    {
        ["paging"] = false,
        ["protocol"] = "fd:" + fdName,
        ["format"] = format,
        ["detach"] = true,
    });

    public static QmpCommand QueryDump() => new("query-dump");

    /// <summary>query-dump's reply, or a DUMP_COMPLETED event's result: bytes written so far of the total.</summary>
    public static MemoryProgress? ProgressOf(JsonNode? result) =>
        result.ULong("total") is { } total ? new MemoryProgress(total, Math.Min(result.ULong("completed") ?? 0, total)) : null;

    /// <summary>
    /// A DUMP_COMPLETED event's outcome: null when the event is another, "" when the dump succeeded, else QEMU's
    /// reason (its error member, or "unknown reason" when it failed without one).
    /// </summary>
    public static string? FailureOf(QmpEvent e)
    {
        if (e.Name != "DUMP_COMPLETED") return null;
        if (e.GetString("error") is { Length: > 0 } error) return error;
        return e.Data?["result"]?["status"]?.GetValue<string>() == "failed" ? "unknown reason" : "";
    }
}
