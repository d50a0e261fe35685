using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Dump;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// A save or a dump in progress on one guest process, for the calls that take no domain job: domjobinfo
/// reports it as an unbounded job of operation "save" or "dump" with the memory written so far (a memory-only
/// dump's progress is QEMU's query-dump, the others' their migration's RAM counters), and domjobabort cancels
/// its migration as libvirt does (a memory-only dump cannot be aborted: QEMU has no command for it).
/// </summary>
internal sealed class GuestFileJob
{
    private static readonly ConditionalWeakTable<GuestProcess, GuestFileJob> Running = new();

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _aborted;

    private GuestFileJob(DomainJobOperation operation, bool memoryOnly)
    {
        Operation = operation;
        MemoryOnly = memoryOnly;
    }

    public DomainJobOperation Operation { get; }

    public bool MemoryOnly { get; }

    /// <summary>True once domjobabort cancelled the job's migration: its failure is then the client's doing.</summary>
    public bool Aborted => _aborted;

    public static GuestFileJob? Of(GuestProcess guest) => Running.TryGetValue(guest, out var j) ? j : null;

    /// <summary>Registers the guest's save or dump for as long as the returned scope lives.</summary>
    public static Scope Begin(GuestProcess guest, DomainJobOperation operation, bool memoryOnly = false)
    {
        var job = new GuestFileJob(operation, memoryOnly);
        Running.AddOrUpdate(guest, job);
        return new Scope(guest, job);
    }

    /// <summary>domjobabort: QEMU cancels the migration; the job's own wait then fails with <see cref="AbortedError"/>.</summary>
    public async Task AbortAsync(GuestProcess guest, CancellationToken ct)
    {
        if (MemoryOnly) throw VirErrors.Invalid("cannot abort memory-only dump", VirErrorDomain.Qemu);
        _aborted = true;
        await guest.RequireMonitor().ExecuteAsync(SaveQmp.MigrateCancel(), ct).ConfigureAwait(false);
    }

    /// <summary>libvirt's sentence for an aborted job, naming it as libvirt's async job names do.</summary>
    public VirException AbortedError() =>
        new(VirErrorCode.OperationAborted, VirErrorDomain.Qemu,
            $"job '{(Operation == DomainJobOperation.Dump ? "domain core dump" : "domain save")}' canceled by client");

    public async Task<DomainJobInfo> ProgressAsync(GuestProcess guest, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        var job = new DomainJobInfo(DomainJobType.Unbounded, (ulong)_clock.ElapsedMilliseconds) { Operation = Operation };
        // A memory-only dump is QEMU's dump job; a save or full dump is a migration into the file, read as libvirt reads one.
        return MemoryOnly
            ? job with { Memory = DumpQmp.ProgressOf(await monitor.ExecuteAsync(DumpQmp.QueryDump(), ct).ConfigureAwait(false)) }
            : job with { Stream = SaveJobStats.Read(await monitor.ExecuteAsync(SaveQmp.QueryMigrate(), ct).ConfigureAwait(false)) };
    }

    public sealed class Scope(GuestProcess guest, GuestFileJob job) : IDisposable
    {
        public GuestFileJob Job => job;

        public void Dispose()
        {
            if (Running.TryGetValue(guest, out var current) && ReferenceEquals(current, job)) Running.Remove(guest);
        }
    }
}
