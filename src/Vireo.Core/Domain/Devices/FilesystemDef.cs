namespace Vireo.Core.Domain;

/// <summary>&lt;filesystem type='mount' accessmode&gt;: a host directory shown to the guest or container.</summary>
public sealed record FilesystemDef
{
    public FilesystemType Type { get; init; } = FilesystemType.Mount;
    public FilesystemAccessMode? AccessMode { get; init; }
    public FilesystemDriverDef? Driver { get; init; }
    public required string SourceDir { get; init; }
    public required string TargetDir { get; init; }
    public bool ReadOnly { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum FilesystemType { Mount }

public enum FilesystemAccessMode { Passthrough, Mapped, Squash }

public enum FilesystemDriverType { Path, Handle, Loop, Nbd, Virtiofs }

/// <summary>&lt;driver type format wrpolicy/&gt;.</summary>
public sealed record FilesystemDriverDef(FilesystemDriverType? Type = null, string? Format = null, string? WrPolicy = null);
