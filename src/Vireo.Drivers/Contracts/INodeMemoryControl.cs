using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// KSM tuning of the host (virsh node-memory-tune): NODE_GET/SET_MEMORY_PARAMETERS over
/// /sys/kernel/mm/ksm, with libvirt's shm_* names (<see cref="NodeMemoryParams"/>).
/// </summary>
public interface INodeMemoryTuning
{
    /// <summary>Every parameter the kernel offers, in libvirt's order (merge_across_nodes only when the kernel has it).</summary>
    IReadOnlyList<TypedParameter> GetMemoryParameters(uint flags);

    /// <summary>Writes the writable ones (pages_to_scan, sleep_millisecs, merge_across_nodes); anything else is refused first.</summary>
    void SetMemoryParameters(IReadOnlyList<TypedParameter> parameters, uint flags);
}

/// <summary>
/// Huge page pools per NUMA cell (virsh freepages / allocpages). Cell -1 means the whole host
/// (/sys/kernel/mm/hugepages). Sizes are KiB; the system page size answers from meminfo.
/// </summary>
public interface INodeHugePages
{
    /// <summary>Free pages, cell by cell from startCell, each cell listing pageSizesKiB in order.</summary>
    IReadOnlyList<ulong> GetFreePages(IReadOnlyList<uint> pageSizesKiB, int startCell, uint cellCount, uint flags);

    /// <summary>Resizes the pools (flags: <see cref="NodeAllocPagesFlags"/>); returns how many (cell, size) pools were handled.</summary>
    int AllocPages(IReadOnlyList<uint> pageSizesKiB, IReadOnlyList<ulong> pageCounts, int startCell, uint cellCount, uint flags);
}

/// <summary>virNodeAllocPagesFlags: ADD is 0 (the default adds), SET replaces the pool size.</summary>
[Flags]
public enum NodeAllocPagesFlags : uint
{
    Add = 0,
    Set = 1,
}

/// <summary>virsh nodesuspend (NODE_SUSPEND_FOR_DURATION). vireod never suspends its host: it answers as libvirtd does on a host without suspend support.</summary>
public interface INodeSuspend
{
    void SuspendForDuration(uint target, ulong durationSeconds, uint flags);
}

/// <summary>libvirt's VIR_NODE_MEMORY_SHARED_* parameter names, in the order libvirt lists them.</summary>
public static class NodeMemoryParams
{
    public const string PagesToScan = "shm_pages_to_scan";
    public const string SleepMillisecs = "shm_sleep_millisecs";
    public const string PagesShared = "shm_pages_shared";
    public const string PagesSharing = "shm_pages_sharing";
    public const string PagesUnshared = "shm_pages_unshared";
    public const string PagesVolatile = "shm_pages_volatile";
    public const string FullScans = "shm_full_scans";
    public const string MergeAcrossNodes = "shm_merge_across_nodes";
}
