using System.Globalization;
using System.Text.Json.Nodes;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.IoThreads;

/// <summary>One IOThread as query-iothreads lists it: libvirt's id (from the QOM id "iothreadN") and its host thread.</summary>
internal readonly record struct RunningIoThread(uint Id, int ThreadId);

/// <summary>An IOThread's adaptive polling as query-iothreads reports it (poll-max-ns 0: polling off).</summary>
internal readonly record struct IoThreadPolling(uint Id, ulong PollMaxNs, ulong PollGrow, ulong PollShrink);

/// <summary>
/// The QMP of IOThreads, pure: object-add/object-del of an "iothread" object named "iothreadN" (the name libvirt
/// gives it, so `-object iothread,id=iothreadN` and a hot-added one look alike), query-iothreads' answer, and the
/// qom-set/qom-get of the object's properties that virsh iothreadset changes.
/// </summary>
internal static class IoThreadQmp
{
    public static string ObjectId(uint id) => string.Create(CultureInfo.InvariantCulture, $"iothread{id}");

    public static QmpCommand Add(uint id) => new("object-add", new JsonObject { ["qom-type"] = "iothread", ["id"] = ObjectId(id) });

    public static QmpCommand Delete(uint id) => new("object-del", new JsonObject { ["id"] = ObjectId(id) });

    public static QmpCommand Query() => new("query-iothreads");

    public static string ObjectPath(uint id) => "/objects/" + ObjectId(id);

    /// <summary>qom-set of each polling value given, in libvirt's order (poll-max-ns, poll-grow, poll-shrink).</summary>
    public static IReadOnlyList<QmpCommand> SetPolling(uint id, IoThreadParams p)
    {
        var list = new List<QmpCommand>();
        if (p.PollMaxNs is { } max) list.Add(QmpCommands.QomSet(ObjectPath(id), "poll-max-ns", max));
        if (p.PollGrow is { } grow) list.Add(QmpCommands.QomSet(ObjectPath(id), "poll-grow", grow));
        if (p.PollShrink is { } shrink) list.Add(QmpCommands.QomSet(ObjectPath(id), "poll-shrink", shrink));
        return list;
    }

    /// <summary>The pool's current maximum, asked before both bounds change (see <see cref="SetPool"/>).</summary>
    public static QmpCommand GetPoolMax(uint id) => QmpCommands.QomGet(ObjectPath(id), "thread-pool-max");

    /// <summary>
    /// qom-set of the pool bounds given. QEMU refuses a minimum above the maximum it has at that moment, so with both
    /// bounds the maximum goes first when the new minimum exceeds the current maximum (libvirt's order), else the
    /// minimum goes first. <paramref name="currentMax"/>: <see cref="GetPoolMax"/>'s answer, needed only with both.
    /// </summary>
    public static IReadOnlyList<QmpCommand> SetPool(uint id, int? min, int? max, long? currentMax)
    {
        QmpCommand Min(int v) => QmpCommands.QomSet(ObjectPath(id), "thread-pool-min", v);
        QmpCommand Max(int v) => QmpCommands.QomSet(ObjectPath(id), "thread-pool-max", v);
        return (min, max) switch
        {
            ({ } lo, { } hi) when lo > currentMax => [Max(hi), Min(lo)],
            ({ } lo, { } hi) => [Min(lo), Max(hi)],
            ({ } lo, null) => [Min(lo)],
            (null, { } hi) => [Max(hi)],
            _ => [],
        };
    }

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

    /// <summary>query-iothreads' polling values of libvirt's IOThreads, in QEMU's order (entries without them are left out).</summary>
    public static IReadOnlyList<IoThreadPolling> ParsePolling(JsonNode? reply)
    {
        var running = Parse(reply);
        var list = new List<IoThreadPolling>();
        foreach (var item in reply as JsonArray ?? [])
        {
            var name = item?["id"]?.GetValue<string>();
            var match = running.FirstOrDefault(t => ObjectId(t.Id) == name);
            if (match.Id == 0 || item.ULong("poll-max-ns") is not { } max) continue;
            list.Add(new IoThreadPolling(match.Id, max, item.ULong("poll-grow") ?? 0, item.ULong("poll-shrink") ?? 0));
        }
        return list;
    }

    /// <summary>
    /// domstats --iothread as libvirtd 9.0 reports it: iothread.count, then per IOThread its poll-max-ns (unsigned
    /// long long), poll-grow and poll-shrink (unsigned int); nothing for a guest without IOThreads.
    /// </summary>
    public static IReadOnlyList<TypedParameter> Stats(IReadOnlyList<IoThreadPolling> threads)
    {
        if (threads.Count == 0) return [];
        var list = new List<TypedParameter> { TypedParameter.UInt("iothread.count", (uint)threads.Count) };
        foreach (var t in threads)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"iothread.{t.Id}.");
            list.Add(TypedParameter.ULLong(prefix + "poll-max-ns", t.PollMaxNs));
            list.Add(TypedParameter.UInt(prefix + "poll-grow", (uint)t.PollGrow));
            list.Add(TypedParameter.UInt(prefix + "poll-shrink", (uint)t.PollShrink));
        }
        return list;
    }
}
