using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Save;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Dump;

/// <summary>
/// A dump in progress on one guest process, for domjobinfo (which takes no domain job): libvirt reports it as an
/// unbounded job of operation "dump" with the memory written so far. A memory-only dump's progress is QEMU's
/// query-dump; a full dump's is its migration's RAM counters.
/// </summary>
internal sealed class DumpJob(bool memoryOnly)
{
    private static readonly ConditionalWeakTable<GuestProcess, DumpJob> Running = new();

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public static DumpJob? Of(GuestProcess guest) => Running.TryGetValue(guest, out var j) ? j : null;

    /// <summary>Registers the guest's dump for as long as the returned scope lives.</summary>
    public static IDisposable Begin(GuestProcess guest, bool memoryOnly)
    {
        var job = new DumpJob(memoryOnly);
        Running.AddOrUpdate(guest, job);
        return new Scope(guest, job);
    }

    public async Task<DomainJobInfo> ProgressAsync(GuestProcess guest, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        MemoryProgress? memory;
        if (memoryOnly)
        {
            memory = DumpQmp.ProgressOf(await monitor.ExecuteAsync(DumpQmp.QueryDump(), ct).ConfigureAwait(false));
        }
        else
        {
            var ram = (await monitor.ExecuteAsync(SaveQmp.QueryMigrate(), ct).ConfigureAwait(false))?["ram"];
            memory = ram.ULong("total") is { } total ? new MemoryProgress(total, Math.Min(ram.ULong("transferred") ?? 0, total)) : null;
        }
        return new DomainJobInfo(DomainJobType.Unbounded, (ulong)_clock.ElapsedMilliseconds) { Operation = DomainJobOperation.Dump, Memory = memory };
    }

    private sealed class Scope(GuestProcess guest, DumpJob job) : IDisposable
    {
        public void Dispose()
        {
            if (Running.TryGetValue(guest, out var current) && ReferenceEquals(current, job)) Running.Remove(guest);
        }
    }
}
