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
    public static void CheckCurrent(DomainDef def, MemorySize size, string which)
    {
        if (size.KiB == 0)
            throw VirErrors.InvalidArg($"cannot set the memory of domain '{def.Name}' to 0 KiB: a guest needs memory", VirErrorDomain.Qemu);
        if (def.Memory is { } max && size > max)
            throw VirErrors.InvalidArg(
                $"cannot set the memory of domain '{def.Name}' ({which}) to {size.KiB} KiB: that is more than its maximum memory of {max.KiB} KiB (raise the maximum first: setmaxmem --config)",
                VirErrorDomain.Qemu);
    }

    public static DomainDef WithMaximum(DomainDef def, MemorySize size, ulong hostKiB)
    {
        if (def.Cpu?.NumaCells.Count > 0)
            throw VirErrors.Invalid(
                $"cannot set the maximum memory of domain '{def.Name}': it has guest NUMA cells, whose <cell memory> sizes make up its memory (change those in its XML)",
                VirErrorDomain.Qemu);
        if (size.KiB < 1024)
            throw VirErrors.InvalidArg($"cannot set the maximum memory of domain '{def.Name}' to {size.KiB} KiB: a guest needs at least 1024 KiB", VirErrorDomain.Qemu);
        if (size.KiB > hostKiB)
            throw VirErrors.InvalidArg(
                $"cannot set the maximum memory of domain '{def.Name}' to {size.KiB} KiB: this host has only {hostKiB} KiB of RAM",
                VirErrorDomain.Qemu);
        if (def.MaxMemory is { } hotplug && size > hotplug.Size)
            throw VirErrors.InvalidArg(
                $"cannot set the maximum memory of domain '{def.Name}' to {size.KiB} KiB: that is more than its <maxMemory> of {hotplug.Size.KiB} KiB",
                VirErrorDomain.Qemu);
        return def with { Memory = size, CurrentMemory = def.CurrentMemory is { } cur && cur > size ? size : def.CurrentMemory };
    }
}
