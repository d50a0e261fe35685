using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Network;
using Vireo.Platform.Processes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// CONNECT_GET_ALL_DOMAIN_STATS (virsh domstats). Like every read it never takes a domain's job: state,
/// CPU, balloon and vCPU come from memory and /proc, net from the host devices' counters, and block from
/// two QMP queries that QEMU answers alongside whatever a job is doing. Only the groups asked for are
/// gathered, each domain concurrently; a monitor that does not answer in time costs that domain its block
/// counters (libvirt's --nowait rule: some statistics may be missing), never the whole call.
/// </summary>
internal sealed partial class QemuQueries
{
    /// <summary>How long one domain's monitor may take over the block queries before its counters are left out.</summary>
    private static readonly TimeSpan BlockQueryBound = TimeSpan.FromSeconds(5);

    public async ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<TypedParameter> Params)>> AllStatsAsync(
        IReadOnlyList<Guid>? uuids, uint stats, uint flags, CancellationToken ct)
    {
        var request = DomainStatsRequest.Decode(stats, flags);
        IEnumerable<DomainObject> doms = uuids is null
            ? ctx.Registry.All.OrderBy(d => d.Name, StringComparer.Ordinal)
            : uuids.Select(u => ctx.Registry.FindByUuid(u)).OfType<DomainObject>(); // one undefined meanwhile is skipped, as libvirt does
        if (request.Filter != ListFlags.All)
            doms = doms.Where(d => ListFilter.Matches(new DomainSummary(d.Ref, d.State, d.IsPersistent, d.Autostart, 0), request.Filter));
        doms = doms.ToList();
        foreach (var d in doms) request.CheckEnforcedFor(d.Handle is GuestProcess);
        var records = await Task.WhenAll(doms.Select(d => CollectAsync(d, request, ct))).ConfigureAwait(false);
        return records;
    }

    private static async Task<(DomainRef, IReadOnlyList<TypedParameter>)> CollectAsync(DomainObject d, DomainStatsRequest request, CancellationToken ct)
    {
        var domain = d.Ref;
        var guest = d.Handle as GuestProcess;
        var def = guest?.Live ?? d.Current;
        var list = new List<TypedParameter>();
        if (request.Wants(StatsGroups.State))
        {
            list.Add(TypedParameter.Int("state.state", (int)d.State.State));
            list.Add(TypedParameter.Int("state.reason", d.State.Reason));
        }
        if (request.Wants(StatsGroups.CpuTotal) && guest is not null) AddCpuTotal(list, guest);
        if (request.Wants(StatsGroups.Balloon)) await AddBalloonAsync(list, def, guest, ct).ConfigureAwait(false);
        if (request.Wants(StatsGroups.Vcpu)) AddVcpus(list, def, guest);
        if (request.Wants(StatsGroups.Interface) && guest is not null)
            list.AddRange(NetStatsRecords.Build(def.Devices.Interfaces, await ReadNicCountersAsync(def).ConfigureAwait(false)));
        if (request.Wants(StatsGroups.Block))
        {
            if (guest is null)
            {
                list.AddRange(BlockStatsRecords.Offline(def.Devices.Disks, ReadImageSizes));
            }
            else
            {
                var (block, blockStats) = await QueryBlockAsync(guest, ct).ConfigureAwait(false);
                var thresholds = Features.BlockThreshold.ThresholdWatch.AnySet(guest) ? await QueryNodeThresholdsAsync(guest, ct).ConfigureAwait(false) : null;
                list.AddRange(BlockStatsRecords.Live(def.Devices.Disks, guest.DiskDevices, block, blockStats, request.Backing, thresholds));
            }
        }
        if (request.Wants(StatsGroups.Perf) && guest is not null) list.AddRange(Features.Perf.GuestPerfCounters.Stats(guest));
        if (request.Wants(StatsGroups.IoThread) && guest is not null) list.AddRange(await QueryIoThreadsAsync(guest, ct).ConfigureAwait(false));
        if (request.Wants(StatsGroups.DirtyRate) && guest is not null) list.AddRange(await QueryDirtyRateAsync(guest, ct).ConfigureAwait(false));
        return (domain, list);
    }

    private static void AddCpuTotal(List<TypedParameter> list, GuestProcess guest)
    {
        if (ProcPidStat.TryRead(guest.Process.Pid) is not { } stat) return;
        const ulong NsPerTick = 1_000_000_000 / ProcPidStat.TicksPerSecond;
        list.Add(TypedParameter.ULLong("cpu.time", (stat.UserTicks + stat.SystemTicks) * NsPerTick));
        list.Add(TypedParameter.ULLong("cpu.user", stat.UserTicks * NsPerTick));
        list.Add(TypedParameter.ULLong("cpu.system", stat.SystemTicks * NsPerTick));
    }

    private static async Task AddBalloonAsync(List<TypedParameter> list, DomainDef def, GuestProcess? guest, CancellationToken ct)
    {
        var maximum = def.Memory?.KiB ?? 0;
        // Shut off, libvirt 9.0 reports the configured current memory, or all of it when there is no balloon
        // (<memballoon model='none'/>) that could hold the difference.
        var configured = def.Devices.MemBalloon?.Model == MemBalloonModel.None ? maximum : def.CurrentMemory?.KiB ?? maximum;
        list.Add(TypedParameter.ULLong("balloon.current", guest is null ? configured : guest.State.BalloonKiB ?? def.CurrentMemory?.KiB ?? maximum));
        list.Add(TypedParameter.ULLong("balloon.maximum", maximum));
        if (guest is null) return;
        // The guest's own figures come from the balloon through the monitor, with the block queries' bound: a
        // monitor that does not answer in time costs only these (libvirt's "some statistics may be missing").
        IReadOnlyList<(int Tag, ulong Value)> stats;
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            bounded.CancelAfter(BlockQueryBound);
            try
            {
                stats = guest.Monitor is null ? [] : await ReadMemoryStatsAsync(guest, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QmpException or QmpClosedException or TimeoutException or InvalidOperationException ||
                                      (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                stats = [];
            }
        }
        foreach (var (tag, value) in stats)
            if (BalloonStatName(tag) is { } name) list.Add(TypedParameter.ULLong("balloon." + name, value));
    }

    private static void AddVcpus(List<TypedParameter> list, DomainDef def, GuestProcess? guest)
    {
        list.Add(TypedParameter.UInt("vcpu.current", CurrentVcpus(def)));
        list.Add(TypedParameter.UInt("vcpu.maximum", def.Vcpu?.Count ?? 1));
        if (guest is null) return;
        for (int i = 0; i < guest.VcpuThreads.Count; i++)
        {
            if (ProcPidStat.TryReadThread(guest.Process.Pid, guest.VcpuThreads[i]) is not { } stat) continue;
            list.Add(TypedParameter.Int($"vcpu.{i}.state", 1)); // virVcpuState: every online vCPU is running
            list.Add(TypedParameter.ULLong($"vcpu.{i}.time", (ulong)stat.CpuTime.Ticks * 100));
            var sched = ThreadSchedStats.Read(guest.Process.Pid, guest.VcpuThreads[i]);
            list.Add(TypedParameter.ULLong($"vcpu.{i}.wait", sched?.WaitNs ?? 0));
            list.Add(TypedParameter.ULLong($"vcpu.{i}.delay", sched?.DelayNs ?? 0));
        }
    }

    /// <summary>The counters of each interface's host device that can be read now; one that vanished is left out.</summary>
    private static async Task<IReadOnlyDictionary<string, InterfaceCounters>> ReadNicCountersAsync(DomainDef def)
    {
        var result = new Dictionary<string, InterfaceCounters>(StringComparer.Ordinal);
        foreach (var dev in def.Devices.Interfaces.Select(n => n.TargetDev).OfType<string>())
        {
            try
            {
                result[dev] = await Features.Network.HostNicCounters.ReadAsync(def, dev).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // torn down by a concurrent detach or stop: the name alone is reported
            }
        }
        return result;
    }

    /// <summary>query-block and query-blockstats, or nulls when the monitor is not there, refuses or is too slow.</summary>
    private static Task<(JsonNode? Block, JsonNode? Stats)> QueryBlockAsync(GuestProcess guest, CancellationToken ct) =>
        BoundedQueryAsync<(JsonNode?, JsonNode?)>(guest, async (monitor, bounded) =>
        {
            var block = monitor.ExecuteAsync(QmpCommands.QueryBlock(), bounded);
            var stats = monitor.ExecuteAsync(QmpCommands.QueryBlockStats(), bounded);
            return (await block.ConfigureAwait(false), await stats.ConfigureAwait(false));
        }, (null, null), ct);

    /// <summary>The dirtyrate group from query-dirty-rate; nothing when QEMU does not answer in time (libvirt leaves the group out then too).</summary>
    private static Task<IReadOnlyList<TypedParameter>> QueryDirtyRateAsync(GuestProcess guest, CancellationToken ct) =>
        BoundedQueryAsync<IReadOnlyList<TypedParameter>>(guest, async (monitor, bounded) =>
        {
            var reply = await monitor.ExecuteAsync(Features.DirtyRate.DirtyRateQmp.Query, bounded).ConfigureAwait(false);
            return Features.DirtyRate.DirtyRateQmp.Parse(reply) is { } info ? Features.DirtyRate.DirtyRateQmp.Stats(info) : [];
        }, [], ct);

    /// <summary>The iothread group from query-iothreads' polling values; nothing when QEMU does not answer in time.</summary>
    private static Task<IReadOnlyList<TypedParameter>> QueryIoThreadsAsync(GuestProcess guest, CancellationToken ct) =>
        BoundedQueryAsync<IReadOnlyList<TypedParameter>>(guest, async (monitor, bounded) =>
            Features.IoThreads.IoThreadQmp.Stats(Features.IoThreads.IoThreadQmp.ParsePolling(
                await monitor.ExecuteAsync(Features.IoThreads.IoThreadQmp.Query(), bounded).ConfigureAwait(false))), [], ct);

    /// <summary>The write thresholds of the guest's block nodes, or null when QEMU did not answer in time.</summary>
    private static Task<IReadOnlyDictionary<string, long>?> QueryNodeThresholdsAsync(GuestProcess guest, CancellationToken ct) =>
        BoundedQueryAsync<IReadOnlyDictionary<string, long>?>(guest, async (monitor, bounded) =>
        {
            var nodes = await monitor.ExecuteAsync(new QmpCommand("query-named-block-nodes", new JsonObject { ["flat"] = true }), bounded).ConfigureAwait(false);
            return BlockStatsRecords.NodeThresholds(nodes);
        }, null, ct);

    /// <summary>
    /// One group's monitor queries under <see cref="BlockQueryBound"/>: <paramref name="fallback"/> when the monitor
    /// is not there (starting, going away), refuses, or is too slow, so that the group, never the call, is lost.
    /// </summary>
    private static async Task<T> BoundedQueryAsync<T>(GuestProcess guest, Func<IGuestMonitor, CancellationToken, Task<T>> query, T fallback, CancellationToken ct)
    {
        if (guest.Monitor is not { } monitor) return fallback;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(BlockQueryBound);
        try
        {
            return await query(monitor, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or QmpClosedException or TimeoutException ||
                                  (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return fallback;
        }
    }

    /// <summary>A shut-off disk's capacity (from its image header) and file length; null when it cannot be read.</summary>
    private static ImageSizes? ReadImageSizes(string path)
    {
        try
        {
            var header = Vireo.Drivers.Storage.ImageHeaderReader.Read(path);
            var stat = Platform.Files.FileStatus.Of(path);
            return stat is null ? null : new ImageSizes((ulong)stat.AllocatedBytes, header.VirtualSize, (ulong)stat.Size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}
