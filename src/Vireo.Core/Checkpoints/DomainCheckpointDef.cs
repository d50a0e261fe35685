using Vireo.Core.Domain;

namespace Vireo.Core.Checkpoints;

/// <summary>
/// &lt;domaincheckpoint&gt;: a checkpoint of a domain's disks, the point from which each disk's dirty bitmap
/// records the clusters the guest wrote. On create it is a request (name, description, which disks);
/// a stored checkpoint also records its parent, time, each disk's bitmap and the domain definition.
/// </summary>
public sealed record DomainCheckpointDef
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Parent { get; init; }

    /// <summary>Seconds since the Unix epoch.</summary>
    public long? CreationTime { get; init; }

    /// <summary>Null when &lt;disks&gt; is absent (every disk that can is then checkpointed).</summary>
    public IReadOnlyList<CheckpointDiskDef>? Disks { get; init => field = value is null ? null : ValueList.From(value); }

    /// <summary>&lt;domain&gt;: the domain's definition when the checkpoint was made.</summary>
    public DomainDef? Domain { get; init; }
}

/// <summary>checkpoint='bitmap|no' on a disk.</summary>
public enum CheckpointType { Bitmap, No }

/// <summary>&lt;disk name checkpoint bitmap size/&gt;.</summary>
public sealed record CheckpointDiskDef
{
    /// <summary>The disk's target (vda).</summary>
    public required string Name { get; init; }
    public CheckpointType? Checkpoint { get; init; }
    public string? Bitmap { get; init; }

    /// <summary>Bytes written since the checkpoint (output only, with VIR_DOMAIN_CHECKPOINT_XML_SIZE).</summary>
    public ulong? Size { get; init; }
}
