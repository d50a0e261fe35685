using Vireo.Core.Domain;

namespace Vireo.Core.Snapshots;

/// <summary>
/// &lt;domainsnapshot&gt;: a snapshot's description. On create, most fields are requests (which disks, where);
/// in a stored snapshot they also record the state, time, parent and the domain definition at the time.
/// </summary>
public sealed record DomainSnapshotDef
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public SnapshotState? State { get; init; }

    /// <summary>Seconds since the Unix epoch.</summary>
    public long? CreationTime { get; init; }
    public string? Parent { get; init; }
    public SnapshotMemoryDef? Memory { get; init; }

    /// <summary>Null when &lt;disks&gt; is absent (libvirt then picks per-disk defaults).</summary>
    public IReadOnlyList<SnapshotDiskDef>? Disks { get; init => field = value is null ? null : ValueList.From(value); }

    /// <summary>&lt;domain&gt;: the domain definition (live one if it was running) when the snapshot was taken.</summary>
    public DomainDef? Domain { get; init; }

    /// <summary>&lt;inactiveDomain&gt;: the persistent definition, kept when it differed from the live one.</summary>
    public DomainDef? InactiveDomain { get; init; }

    /// <summary>&lt;active&gt;1&lt;/active&gt;: whether the domain was running (stored snapshots only).</summary>
    public bool? Active { get; init; }
}

/// <summary>The domain state a snapshot was taken in; disk-snapshot for disk-only snapshots.</summary>
public enum SnapshotState { Nostate, Running, Blocked, Paused, Shutdown, Shutoff, Crashed, Pmsuspended, DiskSnapshot }

/// <summary>snapshot='no|internal|external|manual' on memory and disks.</summary>
public enum SnapshotLocation { No, Internal, External, Manual }

/// <summary>&lt;memory snapshot file/&gt;.</summary>
public sealed record SnapshotMemoryDef(SnapshotLocation Snapshot, string? File = null);

/// <summary>&lt;disk name snapshot type&gt; with &lt;driver type/&gt; and &lt;source file/&gt;.</summary>
public sealed record SnapshotDiskDef
{
    /// <summary>The disk's target (vda) or its source path.</summary>
    public required string Name { get; init; }
    public SnapshotLocation? Snapshot { get; init; }
    public DiskType? Type { get; init; }
    public DiskFormat? DriverFormat { get; init; }
    public string? SourceFile { get; init; }
}
