using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>query-status. Status is QEMU's RunState: running, paused, prelaunch, shutdown, guest-panicked, internal-error, inmigrate...</summary>
public sealed record QmpStatus(string Status, bool Running)
{
    public static QmpStatus FromJson(JsonNode? r) => new(r.Str("status") ?? "unknown", r.Bool("running"));
}

/// <summary>One entry of query-cpus-fast: the vCPU index and its host thread id (for pinning and cgroups).</summary>
public sealed record QmpCpu(int CpuIndex, int ThreadId, string QomPath, int? SocketId, int? CoreId, int? ThreadInCore, int? NodeId)
{
    public static IReadOnlyList<QmpCpu> ListFromJson(JsonNode? r) =>
        r.Items().Select(c => new QmpCpu((int)(c.Long("cpu-index") ?? 0), (int)(c.Long("thread-id") ?? 0), c.Str("qom-path") ?? "",
            (int?)c["props"].Long("socket-id"), (int?)c["props"].Long("core-id"), (int?)c["props"].Long("thread-id"),
            (int?)c["props"].Long("node-id"))).ToList();
}

/// <summary>query-balloon: the guest's current memory size as the balloon sees it.</summary>
public sealed record QmpBalloonInfo(long ActualBytes)
{
    public static QmpBalloonInfo FromJson(JsonNode? r) => new(r.Long("actual") ?? 0);
}

/// <summary>
/// qom-get of the balloon's guest-stats: "stat-*" members in bytes or counts; null when the guest
/// driver has not reported that statistic (QEMU sends UINT64_MAX). LastUpdate is a UNIX time, 0 = never.
/// </summary>
public sealed record QmpBalloonStats(IReadOnlyDictionary<string, ulong?> Stats, long LastUpdate)
{
    public ulong? this[string name] => Stats.TryGetValue(name, out var v) ? v : null;

    public static QmpBalloonStats FromJson(JsonNode? r)
    {
        var stats = new Dictionary<string, ulong?>();
        if (r?["stats"] is JsonObject s)
            foreach (var (k, _) in s)
                stats[k] = s.ULong(k);
        return new QmpBalloonStats(stats, r.Long("last-update") ?? 0);
    }
}

/// <summary>query-memdev entry: a memory backend and its host NUMA binding.</summary>
public sealed record QmpMemdev(string? Id, long Size, bool Merge, bool Dump, bool Prealloc, string Policy, IReadOnlyList<int> HostNodes)
{
    public static IReadOnlyList<QmpMemdev> ListFromJson(JsonNode? r) =>
        r.Items().Select(m => new QmpMemdev(m.Str("id"), m.Long("size") ?? 0, m.Bool("merge"), m.Bool("dump"), m.Bool("prealloc"),
            m.Str("policy") ?? "default", m["host-nodes"].Items().Select(n => n.GetValue<int>()).ToList())).ToList();
}

/// <summary>query-vnc. Service is the port number, or the socket path for family "unix".</summary>
public sealed record QmpVncInfo(bool Enabled, string? Host, string? Service, string? Family, string? Auth, int Clients)
{
    public static QmpVncInfo FromJson(JsonNode? r) =>
        new(r.Bool("enabled"), r.Str("host"), r.Str("service"), r.Str("family"), r.Str("auth"), r?["clients"].Items().Count() ?? 0);
}

/// <summary>query-spice. Host is the socket path for a unix listener.</summary>
public sealed record QmpSpiceInfo(bool Enabled, string? Host, int? Port, int? TlsPort, string? Auth, string? MouseMode)
{
    public static QmpSpiceInfo FromJson(JsonNode? r) =>
        new(r.Bool("enabled"), r.Str("host"), (int?)r.Long("port"), (int?)r.Long("tls-port"), r.Str("auth"), r.Str("mouse-mode"));
}
