using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;

namespace Vireo.Qemu.Driver.Features.Host;

/// <summary>
/// freepages / allocpages as libvirt 9.0's QEMU driver answers them (virhostmem + virnuma): cells run from
/// startCell (-1: the whole host) for cellCount cells, clipped at the last host node; the system page
/// size answers from meminfo's MemFree and cannot be resized; a pool write is read back, since the kernel
/// may grant fewer pages than asked.
/// </summary>
internal sealed class NodeHugePagePools(HugePageFiles files) : INodeHugePages
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the engine (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<INodeHugePages>(_ => new NodeHugePagePools(new HugePageFiles()));

    public IReadOnlyList<ulong> GetFreePages(IReadOnlyList<uint> pageSizesKiB, int startCell, uint cellCount, uint flags)
    {
        HostCallErrors.CheckFlags(flags, 0, "qemuNodeGetFreePages", VirErrorDomain.Qemu);
        var counts = new List<ulong>();
        foreach (var cell in Cells(startCell, cellCount))
            foreach (var size in pageSizesKiB)
                counts.Add(FreePages(cell, size));
        if (counts.Count == 0) throw VirErrors.Failed("no suitable info found", VirErrorDomain.None);
        return counts;
    }

    public int AllocPages(IReadOnlyList<uint> pageSizesKiB, IReadOnlyList<ulong> pageCounts, int startCell, uint cellCount, uint flags)
    {
        HostCallErrors.CheckFlags(flags, (uint)NodeAllocPagesFlags.Set, "qemuNodeAllocPages", VirErrorDomain.Qemu);
        bool add = (flags & (uint)NodeAllocPagesFlags.Set) == 0;
        int handled = 0;
        foreach (var cell in Cells(startCell, cellCount))
            for (int i = 0; i < pageSizesKiB.Count; i++)
            {
                SetPoolSize(cell, pageSizesKiB[i], i < pageCounts.Count ? pageCounts[i] : 0, add);
                handled++;
            }
        return handled;
    }

    private IEnumerable<int> Cells(int startCell, uint cellCount)
    {
        var ids = files.NodeIds();
        int lastCell = ids.Count > 0 ? ids[^1] : 0;
        if (startCell < -1 || startCell > lastCell)
            throw VirErrors.Internal($"start cell {startCell} out of range (0-{lastCell})", VirErrorDomain.None);
        long last = Math.Min(lastCell, (long)startCell + cellCount - 1);
        for (long cell = startCell; cell <= last; cell++) yield return (int)cell;
    }

    private ulong FreePages(int cell, uint sizeKiB)
    {
        if (sizeKiB == HugePageFiles.SystemPageKiB)
            return files.MemInfoOf(cell).FreeBytes / (sizeKiB * 1024UL);
        return ReadPool(cell, sizeKiB, "free_hugepages");
    }

    private void SetPoolSize(int cell, uint sizeKiB, ulong count, bool add)
    {
        if (sizeKiB == HugePageFiles.SystemPageKiB)
            throw VirErrors.OperationUnsupported("system pages pool can't be modified", VirErrorDomain.None);
        ulong current = ReadPool(cell, sizeKiB, "nr_hugepages");
        if (add)
        {
            if (count == 0) return;
            count += current;
        }
        else if (count == current) return;
        try
        {
            files.WritePoolSize(cell, sizeKiB, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"Unable to write to: {files.PoolDir(cell, sizeKiB)}/nr_hugepages: {e.Message}", VirErrorDomain.None);
        }
        var granted = ReadPool(cell, sizeKiB, "nr_hugepages");
        if (granted != count)
            throw VirErrors.Failed($"Unable to allocate {count} pages. Allocated only {granted}", VirErrorDomain.None);
    }

    private ulong ReadPool(int cell, uint sizeKiB, string file)
    {
        if (!files.NodeExists(cell)) throw VirErrors.Failed($"NUMA node {cell} is not available", VirErrorDomain.None);
        return files.ReadPool(cell, sizeKiB, file)
            ?? throw VirErrors.Failed(cell == -1 ? $"page size {sizeKiB} is not available" : $"page size {sizeKiB} is not available on node {cell}", VirErrorDomain.None);
    }
}
