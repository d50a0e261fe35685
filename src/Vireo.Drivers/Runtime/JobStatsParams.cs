using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// A running long job's statistics as libvirt's typed parameters (virDomainGetJobStats), in libvirtd's order:
/// operation, time_elapsed, then the stream's, the memory's or the disks' counters. A finished job's are <see cref="CompletedJob.ToParams"/>. Pure.
/// </summary>
public static class JobStatsParams
{
    public static IReadOnlyList<TypedParameter> Of(DomainJobInfo job)
    {
        if (job.Type == DomainJobType.None) return [];
        var list = new List<TypedParameter>();
        if (job.Operation != DomainJobOperation.Unknown) list.Add(TypedParameter.Int("operation", (int)job.Operation));
        list.Add(TypedParameter.ULLong("time_elapsed", job.TimeElapsedMs));
        job.Stream?.AddTo(list);
        if (job.Memory is { } m)
        {
            list.Add(TypedParameter.ULLong("memory_total", m.Total));
            list.Add(TypedParameter.ULLong("memory_processed", m.Processed));
            list.Add(TypedParameter.ULLong("memory_remaining", m.Remaining));
        }
        job.Disks?.AddTo(list);
        return list;
    }
}
