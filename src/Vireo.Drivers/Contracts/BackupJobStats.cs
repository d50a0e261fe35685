using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// A push-mode backup's disk counters (libvirt's qemuDomainBackupStats): the bytes of the disks it copies and
/// the bytes copied so far. A running backup reports them (domjobinfo) and so does the finished one.
/// </summary>
public sealed record DiskCopyStats(ulong Total, ulong Processed)
{
    public ulong Remaining => Total - Math.Min(Total, Processed);

    /// <summary>disk_total, disk_processed and disk_remaining, which libvirt leaves out while nothing is counted.</summary>
    public void AddTo(List<TypedParameter> p)
    {
        if (Total == 0 && Processed == 0) return;
        p.Add(TypedParameter.ULLong("disk_total", Total));
        p.Add(TypedParameter.ULLong("disk_processed", Processed));
        p.Add(TypedParameter.ULLong("disk_remaining", Remaining));
    }
}

/// <summary>
/// How a backup ended: completed, failed (with QEMU's first error) or cancelled (domjobabort), and what it
/// copied. libvirt reports "success" for every finished backup and "errmsg" when it did not complete.
/// </summary>
public sealed record BackupOutcome(DomainJobType Type, DiskCopyStats Disks, string? Error)
{
    public void AddTo(List<TypedParameter> p)
    {
        Disks.AddTo(p);
        p.Add(TypedParameter.Bool("success", Type == DomainJobType.Completed));
        if (Error is { } error) p.Add(TypedParameter.String("errmsg", error));
    }
}
