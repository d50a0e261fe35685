using System.Runtime.CompilerServices;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// How a block job ended: libvirt's status, QEMU's sentence when it failed, and how far it got (the event's
/// offset and len: a backup's statistics report them).
/// </summary>
internal sealed record BlockJobEnd(BlockJobStatus Status, string? Error)
{
    public long? Offset { get; init; }
    public long? Length { get; init; }
}

/// <summary>One block job Vireo started on a disk.</summary>
internal sealed class TrackedJob(string target, string jobId, BlockJobType type, string pathAtStart)
{
    public string Target { get; } = target;
    public string JobId { get; } = jobId;
    public BlockJobType Type { get; } = type;

    /// <summary>The disk's active image when the job started: BLOCK_JOB (path) events name it.</summary>
    public string PathAtStart { get; } = pathAtStart;

    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<BlockJobEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set before an abort: QEMU ends a cancelled, synchronised commit with COMPLETED; libvirt reports CANCELED.</summary>
    public volatile bool AbortRequested;

    /// <summary>
    /// Runs when QEMU reports the end, before waiters wake and the event goes out: records the new chain.
    /// A job left to finish on its own (blockcommit, blockpull) takes the domain's job in here; when a
    /// caller that holds the domain's job waits for the end (pivot, abort), it installs one that does not
    /// (<see cref="BlockJobTracker.TryReplaceOnEnd"/>).
    /// </summary>
    public Func<BlockJobEnd, Task>? OnEnd { get; set; }

    /// <summary>
    /// How a job whose end decides something (a copy: pivot or not) records it, for the caller that holds the
    /// domain's job and ends it (true: pivoted). Installed with <see cref="BlockJobTracker.TryReplaceOnEnd"/>.
    /// </summary>
    public Func<BlockJobEnd, bool, Task>? Conclude { get; set; }

    /// <summary>Runs when QEMU reports READY, before the READY event goes out (a copy records ready='yes' in the live XML).</summary>
    public Func<Task>? OnReady { get; set; }
}

/// <summary>
/// The block jobs of one running guest: which disk has which job, and what QEMU says about them. Fed by the
/// guest's QMP event pump; turns BLOCK_JOB_READY / COMPLETED / CANCELLED into libvirt's BLOCK_JOB and
/// BLOCK_JOB_2 events and wakes whoever waits. One tracker per guest process, made on first use.
/// </summary>
internal sealed class BlockJobTracker
{
    private static readonly ConditionalWeakTable<GuestProcess, BlockJobTracker> Trackers = new();
    private readonly Dictionary<string, TrackedJob> _byTarget = new(StringComparer.Ordinal);
    private readonly DomainObject _dom;
    private readonly DomainEventBus _bus;

    private BlockJobTracker(GuestProcess guest, DomainObject dom, DomainEventBus bus)
    {
        _dom = dom;
        _bus = bus;
        guest.QmpEventReceived += OnEvent;
    }

    public static BlockJobTracker For(GuestProcess guest, DomainObject dom, DomainEventBus bus) =>
        Trackers.GetValue(guest, g => new BlockJobTracker(g, dom, bus));

    /// <summary>The job id Vireo gives a job on a disk (one job per disk, as in libvirt).</summary>
    public static string JobIdFor(string target) => "vireo-job-" + target;

    public TrackedJob? Find(string target)
    {
        lock (_byTarget) return _byTarget.TryGetValue(target, out var j) ? j : null;
    }

    /// <summary>Registers a job before it is started (so no event can come first); fails when the disk already has one.</summary>
    public TrackedJob Add(string target, BlockJobType type, string activePath)
    {
        lock (_byTarget)
        {
            if (_byTarget.TryGetValue(target, out var existing))
                throw QemuBlockJobs.ActiveJob(existing);
            var job = new TrackedJob(target, JobIdFor(target), type, activePath);
            _byTarget[target] = job;
            return job;
        }
    }

    /// <summary>Forgets a job that ended or failed to start.</summary>
    public void Remove(TrackedJob job)
    {
        lock (_byTarget)
            if (_byTarget.TryGetValue(job.Target, out var j) && ReferenceEquals(j, job)) _byTarget.Remove(job.Target);
    }

    /// <summary>Whether any disk has a job (snapshots refuse to run alongside one).</summary>
    public bool Any()
    {
        lock (_byTarget) return _byTarget.Count > 0;
    }

    /// <summary>
    /// Swaps the end handler of a job that has not ended yet; false when it already ended (the old handler
    /// then runs or ran). Under the same lock as the end itself, so exactly one handler runs.
    /// </summary>
    public bool TryReplaceOnEnd(TrackedJob job, Func<BlockJobEnd, Task>? handler)
    {
        lock (_byTarget)
        {
            if (!_byTarget.TryGetValue(job.Target, out var j) || !ReferenceEquals(j, job)) return false;
            job.OnEnd = handler;
            return true;
        }
    }

    private void OnEvent(QmpEvent e)
    {
        if (!e.Name.StartsWith("BLOCK_JOB_", StringComparison.Ordinal)) return;
        var id = e.GetString("device");
        TrackedJob? job;
        lock (_byTarget) job = _byTarget.Values.FirstOrDefault(j => j.JobId == id);
        if (job is null) return;
        switch (e.Name)
        {
            case "BLOCK_JOB_READY":
                if (job.Ready.TrySetResult())
                {
                    if (job.OnReady is { } ready)
                        _ = Task.Run(async () =>
                        {
                            try { await ready().ConfigureAwait(false); }
                            finally { Publish(job, BlockJobStatus.Ready); }
                        });
                    else
                        Publish(job, BlockJobStatus.Ready);
                }
                break;
            case "BLOCK_JOB_COMPLETED":
                var error = e.GetString("error");
                End(job, new BlockJobEnd(error is not null ? BlockJobStatus.Failed : job.AbortRequested ? BlockJobStatus.Canceled : BlockJobStatus.Completed, error)
                    { Offset = e.GetLong("offset"), Length = e.GetLong("len") });
                break;
            case "BLOCK_JOB_CANCELLED":
                End(job, new BlockJobEnd(BlockJobStatus.Canceled, null) { Offset = e.GetLong("offset"), Length = e.GetLong("len") });
                break;
        }
    }

    private void End(TrackedJob job, BlockJobEnd end)
    {
        Func<BlockJobEnd, Task>? handler;
        lock (_byTarget)
        {
            if (_byTarget.TryGetValue(job.Target, out var j) && ReferenceEquals(j, job)) _byTarget.Remove(job.Target);
            handler = job.OnEnd;
            job.OnEnd = null;
        }
        job.Ready.TrySetResult(); // a waiter for READY learns the outcome from Ended
        if (handler is not null)
        {
            // The handler may wait for the domain's job: run it away from the event pump. The event
            // follows the update, so a client that reacts to it sees the new chain.
            _ = Task.Run(async () =>
            {
                try { await handler(end).ConfigureAwait(false); }
                finally
                {
                    job.Ended.TrySetResult(end);
                    Publish(job, end.Status);
                }
            });
            return;
        }
        job.Ended.TrySetResult(end);
        Publish(job, end.Status);
    }

    /// <summary>libvirt sends both: BLOCK_JOB names the image path, BLOCK_JOB_2 the disk target.</summary>
    private void Publish(TrackedJob job, BlockJobStatus status)
    {
        _bus.Publish(new BlockJobEvent(_dom.Ref, job.Target, (int)job.Type, (int)status));
        _bus.Publish(new BlockJobPathEvent(_dom.Ref, job.PathAtStart, (int)job.Type, (int)status));
    }
}
