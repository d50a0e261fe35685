namespace Vireo.Drivers.Contracts;

/// <summary>
/// Snapshots of a domain's disks (libvirt's virDomainSnapshot* calls). Snapshots are named, form a tree
/// through their parents, and one of them may be "current" (the one the disks last started from or
/// were reverted to). Changes take the domain's job; reads never wait for it. Snapshot names travel as
/// plain strings: every call names the domain and the snapshot, and an unknown one is
/// VIR_ERR_NO_DOMAIN_SNAPSHOT.
/// </summary>
public interface IDomainSnapshots
{
    /// <summary>DOMAIN_SNAPSHOT_CREATE_XML: takes (or with Redefine, records) a snapshot; returns its name.</summary>
    ValueTask<string> CreateAsync(Guid uuid, string xml, SnapshotCreateFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_SNAPSHOT_GET_XML_DESC: the snapshot's &lt;domainsnapshot&gt;.</summary>
    string Xml(Guid uuid, string name, SnapshotXmlFlags flags);

    /// <summary>DOMAIN_LIST_ALL_SNAPSHOTS / DOMAIN_SNAPSHOT_NUM / DOMAIN_SNAPSHOT_LIST_NAMES: names matching the filter.</summary>
    IReadOnlyList<string> List(Guid uuid, SnapshotListFlags flags);

    /// <summary>DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN and friends: the children (or with Descendants, all descendants) of a snapshot.</summary>
    IReadOnlyList<string> ListChildren(Guid uuid, string name, SnapshotListFlags flags);

    /// <summary>DOMAIN_SNAPSHOT_LOOKUP_BY_NAME: checks the snapshot exists and returns its name.</summary>
    string Lookup(Guid uuid, string name);

    /// <summary>DOMAIN_SNAPSHOT_CURRENT: the current snapshot, or VIR_ERR_NO_DOMAIN_SNAPSHOT when there is none.</summary>
    string Current(Guid uuid);

    /// <summary>DOMAIN_HAS_CURRENT_SNAPSHOT.</summary>
    bool HasCurrent(Guid uuid);

    /// <summary>DOMAIN_SNAPSHOT_GET_PARENT: the parent, or VIR_ERR_NO_DOMAIN_SNAPSHOT for a root.</summary>
    string Parent(Guid uuid, string name);

    /// <summary>DOMAIN_SNAPSHOT_IS_CURRENT.</summary>
    bool IsCurrent(Guid uuid, string name);

    /// <summary>DOMAIN_SNAPSHOT_HAS_METADATA: always true for a snapshot the driver knows (it only knows those it keeps metadata for).</summary>
    bool HasMetadata(Guid uuid, string name);

    /// <summary>DOMAIN_REVERT_TO_SNAPSHOT.</summary>
    ValueTask RevertAsync(Guid uuid, string name, SnapshotRevertFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_SNAPSHOT_DELETE: merges the snapshot's overlays away (or with MetadataOnly, forgets it).</summary>
    ValueTask DeleteAsync(Guid uuid, string name, SnapshotDeleteFlags flags, CancellationToken ct);
}

/// <summary>virDomainSnapshotCreateFlags.</summary>
[Flags]
public enum SnapshotCreateFlags : uint
{
    None = 0, Redefine = 1, Current = 2, NoMetadata = 4, Halt = 8, DiskOnly = 16, ReuseExternal = 32,
    Quiesce = 64, Atomic = 128, Live = 256, Validate = 512,
}

/// <summary>virDomainSnapshotListFlags. Roots (list all) and Descendants (list children) share bit 1, as in libvirt.</summary>
[Flags]
public enum SnapshotListFlags : uint
{
    None = 0, Roots = 1, Descendants = 1, Metadata = 2, Leaves = 4, NoLeaves = 8, NoMetadata = 16,
    Inactive = 32, Active = 64, DiskOnly = 128, Internal = 256, External = 512, Topological = 1024,
}

/// <summary>virDomainSnapshotRevertFlags.</summary>
[Flags]
public enum SnapshotRevertFlags : uint { None = 0, Running = 1, Paused = 2, Force = 4, ResetNvram = 8 }

/// <summary>virDomainSnapshotDeleteFlags.</summary>
[Flags]
public enum SnapshotDeleteFlags : uint { None = 0, Children = 1, MetadataOnly = 2, ChildrenOnly = 4 }

/// <summary>virDomainSnapshotXMLFlags.</summary>
[Flags]
public enum SnapshotXmlFlags : uint { None = 0, Secure = 1 }
