using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Network;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>The statistics reads: these ask QEMU (or the host's counters) but still never take the job.</summary>
internal sealed partial class QemuQueries
{
    /// <summary>virDomainMemoryStatTags.</summary>
    private enum MemTag { SwapIn = 0, SwapOut = 1, MajorFault = 2, MinorFault = 3, Unused = 4, Available = 5, ActualBalloon = 6, Rss = 7, Usable = 8, LastUpdate = 9, DiskCaches = 10, HugetlbAlloc = 11, HugetlbFail = 12 }

    public async ValueTask<BlockStats> BlockStatsAsync(Guid uuid, string disk, CancellationToken ct)
    {
        var guest = RequireRunning(uuid);
        var target = guest.Live.Devices.Disks.FirstOrDefault(x => x.Target.Dev == disk || x.Source?.Path == disk)?.Target.Dev
            ?? throw VirErrors.InvalidArg($"invalid path: {disk}", VirErrorDomain.Qemu);
        var stats = QmpBlockStats.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlockStats(), ct).ConfigureAwait(false));
        var device = guest.DiskDevices.GetValueOrDefault(target);
        var s = stats.FirstOrDefault(b => device is not null && BlockStatsRecords.IsDevice(b.QdevPath, device))
            ?? throw VirErrors.Internal($"QEMU reported no statistics for disk '{target}' of domain '{guest.Live.Name}'");
        return new BlockStats(s.RdOperations, s.RdBytes, s.WrOperations, s.WrBytes, -1,
            s.FlushOperations, s.RdTotalTimeNs, s.WrTotalTimeNs, s.FlushTotalTimeNs);
    }

    public async ValueTask<InterfaceStats> InterfaceStatsAsync(Guid uuid, string device, CancellationToken ct)
    {
        var guest = RequireRunning(uuid);
        var nic = guest.Live.Devices.Interfaces.FirstOrDefault(x => x.TargetDev == device || x.Mac?.ToString() == device)
            ?? throw Features.Network.InterfaceTuneChange.Unknown(device);
        var name = nic.TargetDev ?? throw VirErrors.OperationUnsupported($"interface '{device}' of domain '{guest.Live.Name}' has no host-side device to count traffic on", VirErrorDomain.Qemu);
        var host = await Features.Network.HostNicCounters.ReadAsync(guest.Live, name).ConfigureAwait(false); // in the guest's network namespace
        var c = NetStatsRecords.GuestView(nic, host);
        return new InterfaceStats((long)c.RxBytes, (long)c.RxPackets, (long)c.RxErrors, (long)c.RxDropped,
            (long)c.TxBytes, (long)c.TxPackets, (long)c.TxErrors, (long)c.TxDropped);
    }

    public async ValueTask<IReadOnlyList<(int Tag, ulong Value)>> MemoryStatsAsync(Guid uuid, CancellationToken ct) =>
        await ReadMemoryStatsAsync(RequireRunning(uuid), ct).ConfigureAwait(false);

    /// <summary>
    /// The balloon's figures in libvirt's order (qemuMonitorJSONGetMemoryStats, then the process's RSS):
    /// the balloon's size, then what the guest's balloon driver last reported, then the RSS.
    /// </summary>
    private static async Task<IReadOnlyList<(int Tag, ulong Value)>> ReadMemoryStatsAsync(GuestProcess guest, CancellationToken ct)
    {
        var result = new List<(int, ulong)>();
        if (guest.BalloonQomPath is { } path)
        {
            var monitor = guest.RequireMonitor();
            var balloon = QmpBalloonInfo.FromJson(await monitor.ExecuteAsync(QmpCommands.QueryBalloon(), ct).ConfigureAwait(false));
            guest.State.SetBalloon((ulong)balloon.ActualBytes / 1024);
            result.Add(((int)MemTag.ActualBalloon, (ulong)balloon.ActualBytes / 1024));
            var stats = QmpBalloonStats.FromJson(await monitor.ExecuteAsync(QmpCommands.GetBalloonStats(path), ct).ConfigureAwait(false));
            void Kib(MemTag tag, string name) { if (stats[name] is { } v) result.Add(((int)tag, v / 1024)); }
            void Count(MemTag tag, string name) { if (stats[name] is { } v) result.Add(((int)tag, v)); }
            Kib(MemTag.SwapIn, "stat-swap-in");
            Kib(MemTag.SwapOut, "stat-swap-out");
            Count(MemTag.MajorFault, "stat-major-faults");
            Count(MemTag.MinorFault, "stat-minor-faults");
            Kib(MemTag.Unused, "stat-free-memory");
            Kib(MemTag.Available, "stat-total-memory");
            Kib(MemTag.Usable, "stat-available-memory");
            if (stats.LastUpdate > 0) result.Add(((int)MemTag.LastUpdate, (ulong)stats.LastUpdate));
            Kib(MemTag.DiskCaches, "stat-disk-caches");
            Count(MemTag.HugetlbAlloc, "stat-htlb-pgalloc");
            Count(MemTag.HugetlbFail, "stat-htlb-pgfail");
        }
        else
        {
            result.Add(((int)MemTag.ActualBalloon, guest.Live.CurrentMemory?.KiB ?? guest.Live.Memory?.KiB ?? 0));
        }
        if (ReadRssKiB(guest.Process.Pid) is { } rss) result.Add(((int)MemTag.Rss, rss));
        return result;
    }

    /// <summary>domstats' names of the memory statistics (balloon.NAME); the balloon's size is balloon.current there.</summary>
    private static string? BalloonStatName(int tag) => (MemTag)tag switch
    {
        MemTag.SwapIn => "swap_in",
        MemTag.SwapOut => "swap_out",
        MemTag.MajorFault => "major_fault",
        MemTag.MinorFault => "minor_fault",
        MemTag.Unused => "unused",
        MemTag.Available => "available",
        MemTag.Rss => "rss",
        MemTag.LastUpdate => "last-update",
        MemTag.Usable => "usable",
        MemTag.DiskCaches => "disk_caches",
        MemTag.HugetlbAlloc => "hugetlb_pgalloc",
        MemTag.HugetlbFail => "hugetlb_pgfail",
        _ => null,
    };

    internal static ulong? ReadRssKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        return null;
    }
}
