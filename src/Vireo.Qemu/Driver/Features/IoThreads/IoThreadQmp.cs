using System.Globalization;
using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.IoThreads;

/// <summary>One IOThread as query-iothreads lists it: libvirt's id (from the QOM id "iothreadN") and its host thread.</summary>
internal readonly record struct RunningIoThread(uint Id, int ThreadId);

/// <summary>
/// The QMP of IOThreads, pure: object-add/object-del of an "iothread" object named "iothreadN" (the name libvirt
/// gives it, so `-object iothread,id=iothreadN` and a hot-added one look alike), and query-iothreads' answer.
/// </summary>
internal static class IoThreadQmp
{
    public static string ObjectId(uint id) => string.Create(CultureInfo.InvariantCulture, $"iothread{id}");

    public static QmpCommand Add(uint id) => new("object-add", new JsonObject { ["qom-type"] = "iothread", ["id"] = ObjectId(id) });

    public static QmpCommand Delete(uint id) => new("object-del", new JsonObject { ["id"] = ObjectId(id) });

    public static QmpCommand Query() => new("query-iothreads");

    /// <summary>query-iothreads' list in QEMU's order; objects not named "iothreadN" (none libvirt made) are left out.</summary>
    public static IReadOnlyList<RunningIoThread> Parse(JsonNode? reply)
    {
        var list = new List<RunningIoThread>();
        foreach (var item in reply as JsonArray ?? [])
        {
            var name = item?["id"]?.GetValue<string>();
            var tid = item?["thread-id"]?.GetValue<int>();
            if (name is null || tid is null || !name.StartsWith("iothread", StringComparison.Ordinal)) continue;
            if (uint.TryParse(name.AsSpan("iothread".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                list.Add(new RunningIoThread(id, tid.Value));
        }
        return list;
    }
}
