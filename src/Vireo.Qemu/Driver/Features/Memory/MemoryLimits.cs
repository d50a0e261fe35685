using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Memory;

/// <summary>
/// The rules for setmem and setmaxmem, with the sentences users see: the current size within
/// (0, maximum]; a maximum within [1 MiB, host RAM] and within &lt;maxMemory&gt;; a guest with NUMA cells
/// sizes its memory per cell, not here. A lower maximum lowers the current size with it (libvirt). Pure.
/// </summary>
internal static class MemoryLimits
{
    /// <summary>setmem's refusals, as libvirt words them (zero is refused by its client library, before the call).</summary>
    public static void CheckCurrent(DomainDef def, MemorySize size)
    {
        if (size.KiB == 0)
            throw VirErrors.InvalidArgSentence("memory in virDomainSetMemoryFlags must not be zero");
        if (def.Memory is { } max && size > max)
            throw VirErrors.InvalidArg("cannot set memory higher than max memory", VirErrorDomain.Qemu);
    }

    public static DomainDef WithMaximum(DomainDef def, MemorySize size, ulong hostKiB)
    {
        if (def.Cpu?.NumaCells.Count > 0)
            throw VirErrors.Invalid("initial memory size of a domain with NUMA nodes cannot be modified with this API", VirErrorDomain.Qemu);
        if (size.KiB < 1024)
            throw VirErrors.InvalidArg($"cannot set the maximum memory of domain '{def.Name}' to {size.KiB} KiB: a guest needs at least 1024 KiB", VirErrorDomain.Qemu);
        if (size.KiB > hostKiB)
            throw VirErrors.InvalidArg(
                $"cannot set the maximum memory of domain '{def.Name}' to {size.KiB} KiB: this host has only {hostKiB} KiB of RAM",
                VirErrorDomain.Qemu);
        if (def.MaxMemory is { } hotplug && size > hotplug.Size)
            throw VirErrors.Invalid("cannot set initial memory size greater than the maximum memory size", VirErrorDomain.Qemu);
        return def with { Memory = size, CurrentMemory = def.CurrentMemory is { } cur && cur > size ? size : def.CurrentMemory };
    }
}
