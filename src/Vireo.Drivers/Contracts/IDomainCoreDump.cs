namespace Vireo.Drivers.Contracts;

/// <summary>
/// virsh dump: a running guest's memory written to a file for a debugger. With
/// <see cref="CoreDumpFlags.MemoryOnly"/> the file is a core of the guest's memory (ELF, or crash's
/// compressed kdump format); without it, QEMU's own migration stream of the whole guest, as libvirt writes it.
/// </summary>
public interface IDomainCoreDump
{
    /// <summary>DOMAIN_CORE_DUMP (format raw) and DOMAIN_CORE_DUMP_WITH_FORMAT.</summary>
    ValueTask CoreDumpAsync(Guid uuid, string path, CoreDumpFormat format, CoreDumpFlags flags, CancellationToken ct);
}

/// <summary>virDomainCoreDumpFlags.</summary>
[Flags]
public enum CoreDumpFlags : uint
{
    None = 0,
    /// <summary>Stop the guest (shut off, reason crashed) once the dump is written.</summary>
    Crash = 1,
    /// <summary>Do not pause the guest for the dump.</summary>
    Live = 2,
    BypassCache = 4,
    /// <summary>Reset the guest once the dump is written.</summary>
    Reset = 8,
    MemoryOnly = 16,
}

/// <summary>virDomainCoreDumpFormat: raw is QEMU's ELF for a memory-only dump.</summary>
public enum CoreDumpFormat : uint { Raw = 0, KdumpZlib = 1, KdumpLzo = 2, KdumpSnappy = 3, WinDmp = 4 }
