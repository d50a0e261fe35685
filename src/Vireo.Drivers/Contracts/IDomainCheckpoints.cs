namespace Vireo.Drivers.Contracts;

/// <summary>
/// Checkpoints of a domain's disks (libvirt's virDomainCheckpoint* calls): named points from which each
/// disk's dirty bitmap records what the guest writes, so a later backup can copy only that. Checkpoints form
/// a tree through their parents; the newest one is the parent of the next. Changes take the domain's job;
/// reads never wait for it. An unknown checkpoint is VIR_ERR_NO_DOMAIN_CHECKPOINT.
/// </summary>
public interface IDomainCheckpoints
{
    /// <summary>DOMAIN_CHECKPOINT_CREATE_XML: makes (or with Redefine, records) a checkpoint; returns its name.</summary>
    ValueTask<string> CreateAsync(Guid uuid, string xml, CheckpointCreateFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_CHECKPOINT_GET_XML_DESC: the checkpoint's &lt;domaincheckpoint&gt;.</summary>
    ValueTask<string> XmlAsync(Guid uuid, string name, CheckpointXmlFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_LIST_ALL_CHECKPOINTS: names matching the filter.</summary>
    IReadOnlyList<string> List(Guid uuid, CheckpointListFlags flags);

    /// <summary>DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN: the children (with Descendants, all descendants) of a checkpoint.</summary>
    IReadOnlyList<string> ListChildren(Guid uuid, string name, CheckpointListFlags flags);

    /// <summary>DOMAIN_CHECKPOINT_LOOKUP_BY_NAME: checks the checkpoint exists and returns its name.</summary>
    string Lookup(Guid uuid, string name, uint flags);

    /// <summary>DOMAIN_CHECKPOINT_GET_PARENT: the parent, or VIR_ERR_NO_DOMAIN_CHECKPOINT for a root.</summary>
    string Parent(Guid uuid, string name, uint flags);

    /// <summary>DOMAIN_CHECKPOINT_DELETE: removes the checkpoint's bitmaps and metadata (with MetadataOnly, the metadata only).</summary>
    ValueTask DeleteAsync(Guid uuid, string name, CheckpointDeleteFlags flags, CancellationToken ct);
}

/// <summary>virDomainCheckpointCreateFlags.</summary>
[Flags]
public enum CheckpointCreateFlags : uint { None = 0, Redefine = 1, Quiesce = 2, RedefineValidate = 4 }

/// <summary>virDomainCheckpointListFlags. Roots (list all) and Descendants (list children) share bit 0, as in libvirt.</summary>
[Flags]
public enum CheckpointListFlags : uint { None = 0, Roots = 1, Descendants = 1, Topological = 2, Leaves = 4, NoLeaves = 8 }

/// <summary>virDomainCheckpointXMLFlags.</summary>
[Flags]
public enum CheckpointXmlFlags : uint { None = 0, Secure = 1, NoDomain = 2, Size = 4 }

/// <summary>virDomainCheckpointDeleteFlags.</summary>
[Flags]
public enum CheckpointDeleteFlags : uint { None = 0, Children = 1, MetadataOnly = 2, ChildrenOnly = 4 }
