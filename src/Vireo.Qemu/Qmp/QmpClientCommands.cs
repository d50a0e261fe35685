using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>Typed calls for the commands the drivers use (builders in <see cref="QmpCommands"/>, results in QmpResults).</summary>
public static class QmpClientCommands
{
    public static async Task<QmpStatus> QueryStatusAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpStatus.FromJson(await c.ExecuteAsync(QmpCommands.QueryStatus(), ct).ConfigureAwait(false));

    public static Task ContAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.Cont(), ct);
    public static Task StopAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.Stop(), ct);
    public static Task SystemPowerdownAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.SystemPowerdown(), ct);
    public static Task SystemResetAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.SystemReset(), ct);

    /// <summary>QEMU answers, then exits: <see cref="QmpClient.Closed"/> completes shortly after.</summary>
    public static Task QuitAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.Quit(), ct);

    public static async Task<IReadOnlyList<QmpCpu>> QueryCpusFastAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpCpu.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryCpusFast(), ct).ConfigureAwait(false));

    public static async Task<IReadOnlyList<QmpBlockDevice>> QueryBlockAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpBlockDevice.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryBlock(), ct).ConfigureAwait(false));

    public static async Task<IReadOnlyList<QmpBlockStats>> QueryBlockStatsAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpBlockStats.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryBlockStats(), ct).ConfigureAwait(false));

    /// <summary>Throws QmpException with class DeviceNotActive when the guest has no balloon device.</summary>
    public static async Task<QmpBalloonInfo> QueryBalloonAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpBalloonInfo.FromJson(await c.ExecuteAsync(QmpCommands.QueryBalloon(), ct).ConfigureAwait(false));

    public static Task BalloonAsync(this QmpClient c, long bytes, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.Balloon(bytes), ct);

    public static Task SetBalloonStatsPeriodAsync(this QmpClient c, string balloonQomPath, int seconds, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.SetBalloonStatsPeriod(balloonQomPath, seconds), ct);

    public static async Task<QmpBalloonStats> GetBalloonStatsAsync(this QmpClient c, string balloonQomPath, CancellationToken ct = default) =>
        QmpBalloonStats.FromJson(await c.ExecuteAsync(QmpCommands.GetBalloonStats(balloonQomPath), ct).ConfigureAwait(false));

    public static Task<JsonNode?> QomGetAsync(this QmpClient c, string path, string property, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.QomGet(path, property), ct);

    public static Task QomSetAsync(this QmpClient c, string path, string property, JsonNode? value, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.QomSet(path, property, value), ct);

    public static Task InjectNmiAsync(this QmpClient c, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.InjectNmi(), ct);

    public static Task SendKeyAsync(this QmpClient c, IEnumerable<string> qcodes, int? holdTimeMs = null, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.SendKey(qcodes, holdTimeMs), ct);

    public static Task TransactionAsync(this QmpClient c, IEnumerable<JsonObject> actions, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.Transaction(actions), ct);

    public static Task BlockdevAddAsync(this QmpClient c, JsonObject options, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.BlockdevAdd(options), ct);

    public static Task BlockdevDelAsync(this QmpClient c, string nodeName, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.BlockdevDel(nodeName), ct);

    public static Task BlockCommitAsync(this QmpClient c, string jobId, string device, string? baseNode = null, string? topNode = null,
        CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.BlockCommit(jobId, device, baseNode, topNode), ct);

    public static Task BlockStreamAsync(this QmpClient c, string jobId, string device, string? baseNode = null, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.BlockStream(jobId, device, baseNode), ct);

    public static Task BlockJobCompleteAsync(this QmpClient c, string device, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.BlockJobComplete(device), ct);

    public static Task BlockJobCancelAsync(this QmpClient c, string device, bool? force = null, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.BlockJobCancel(device, force), ct);

    public static async Task<IReadOnlyList<QmpBlockJob>> QueryBlockJobsAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpBlockJob.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryBlockJobs(), ct).ConfigureAwait(false));

    public static async Task<IReadOnlyList<QmpNamedBlockNode>> QueryNamedBlockNodesAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpNamedBlockNode.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(), ct).ConfigureAwait(false));

    public static Task DeviceAddAsync(this QmpClient c, string driver, string id, IEnumerable<KeyValuePair<string, JsonNode?>>? properties = null,
        CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.DeviceAdd(driver, id, properties), ct);

    public static Task DeviceDelAsync(this QmpClient c, string id, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.DeviceDel(id), ct);

    public static Task NetdevAddAsync(this QmpClient c, string type, string id, IEnumerable<KeyValuePair<string, JsonNode?>>? properties = null,
        CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.NetdevAdd(type, id, properties), ct);

    public static Task NetdevDelAsync(this QmpClient c, string id, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.NetdevDel(id), ct);

    /// <summary>Hands QEMU a descriptor under a name (then e.g. netdev_add tap with fd=NAME).</summary>
    public static Task GetFdAsync(this QmpClient c, string fdName, SafeHandle fd, CancellationToken ct = default) =>
        c.ExecuteWithFdsAsync(QmpCommands.GetFd(fdName), [fd], ct);

    public static Task CloseFdAsync(this QmpClient c, string fdName, CancellationToken ct = default) => c.ExecuteAsync(QmpCommands.CloseFd(fdName), ct);

    /// <summary>Adds a descriptor to an fd set; returns the set id and QEMU's fd number (usable as /dev/fdset/ID).</summary>
    public static async Task<(long FdsetId, long Fd)> AddFdAsync(this QmpClient c, SafeHandle fd, long? fdsetId = null, string? opaque = null,
        CancellationToken ct = default)
    {
        var r = await c.ExecuteWithFdsAsync(QmpCommands.AddFd(fdsetId, opaque), [fd], ct).ConfigureAwait(false);
        return (r.Long("fdset-id") ?? -1, r.Long("fd") ?? -1);
    }

    public static async Task<QmpVncInfo> QueryVncAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpVncInfo.FromJson(await c.ExecuteAsync(QmpCommands.QueryVnc(), ct).ConfigureAwait(false));

    public static async Task<QmpSpiceInfo> QuerySpiceAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpSpiceInfo.FromJson(await c.ExecuteAsync(QmpCommands.QuerySpice(), ct).ConfigureAwait(false));

    public static Task SetPasswordAsync(this QmpClient c, string protocol, string password, string? connected = null, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.SetPassword(protocol, password, connected), ct);

    public static Task ExpirePasswordAsync(this QmpClient c, string protocol, string time, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.ExpirePassword(protocol, time), ct);

    public static Task ScreendumpAsync(this QmpClient c, string filename, string? format = null, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.Screendump(filename, format), ct);

    public static Task SetLinkAsync(this QmpClient c, string name, bool up, CancellationToken ct = default) =>
        c.ExecuteAsync(QmpCommands.SetLink(name, up), ct);

    public static async Task<IReadOnlyList<QmpMemdev>> QueryMemdevAsync(this QmpClient c, CancellationToken ct = default) =>
        QmpMemdev.ListFromJson(await c.ExecuteAsync(QmpCommands.QueryMemdev(), ct).ConfigureAwait(false));

    /// <summary>Runs an HMP command and returns its text output.</summary>
    public static async Task<string> HumanMonitorCommandAsync(this QmpClient c, string commandLine, CancellationToken ct = default) =>
        (await c.ExecuteAsync(QmpCommands.HumanMonitorCommand(commandLine), ct).ConfigureAwait(false))?.GetValue<string>() ?? "";
}
