namespace Vireo.Drivers.Contracts;

/// <summary>
/// libvirt's backup jobs (virDomainBackupBegin, virDomainBackupGetXMLDesc): one per running domain, copying
/// its disks at one point in time while the guest runs. The job's progress is the domain's long job
/// (<see cref="IDomainQueries.JobInfoAsync"/>), it is aborted with <see cref="IDomainLifecycle.AbortJobAsync"/>,
/// and its end is announced with a JOB_COMPLETED event.
/// </summary>
public interface IDomainBackups
{
    /// <summary>DOMAIN_BACKUP_BEGIN: starts the backup <paramref name="backupXml"/> describes; returns once every disk's copy runs.</summary>
    ValueTask BeginAsync(Guid uuid, string backupXml, string? checkpointXml, BackupBeginFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_BACKUP_GET_XML_DESC: the running backup's &lt;domainbackup&gt;, every disk spelled out.</summary>
    string Xml(Guid uuid, uint flags);
}

/// <summary>virDomainBackupBeginFlags.</summary>
[Flags]
public enum BackupBeginFlags : uint { None = 0, ReuseExternal = 1 }
