namespace Vireo.Lxc.Plan;

/// <summary>
/// Everything the vireo-lxc helper needs to build one container, in the order it applies it. Built
/// purely from the domain definition plus the host facts the driver has prepared (cgroup files to
/// join, host veth ends); written for the helper by <see cref="PlanFormat"/>.
/// </summary>
public sealed record ContainerPlan
{
    /// <summary>The domain name, also the container's hostname.</summary>
    public required string Name { get; init; }

    /// <summary>The directory that becomes "/"; null means the container shares the host's root.</summary>
    public string? Root { get; init; }
    public bool RootReadOnly { get; init; }

    public required string Init { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The whole environment of init, "NAME=value".</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];
    public string? WorkDir { get; init; }

    public IReadOnlyList<PlanIdRange> UidMap { get; init; } = [];
    public IReadOnlyList<PlanIdRange> GidMap { get; init; } = [];

    /// <summary>Bind mounts under the root (targets are container paths).</summary>
    public IReadOnlyList<PlanBind> Binds { get; init; } = [];

    /// <summary>Capability numbers removed from the bounding set before init runs.</summary>
    public IReadOnlyList<int> DropCapabilities { get; init; } = [];

    /// <summary>cgroup.procs files the helper writes init's pid to before it may run.</summary>
    public IReadOnlyList<string> CgroupProcsFiles { get; init; } = [];

    /// <summary>The cgroup filesystems mounted under /sys/fs/cgroup inside (best effort).</summary>
    public IReadOnlyList<PlanCgroupView> CgroupViews { get; init; } = [];

    /// <summary>Host veth ends moved into the container and renamed there.</summary>
    public IReadOnlyList<PlanNetif> Interfaces { get; init; } = [];
}

/// <summary>Container ids Inside.. map to host ids Outside.. (Count of them).</summary>
public sealed record PlanIdRange(uint Inside, uint Outside, uint Count);

public sealed record PlanBind(string Source, string Target, bool ReadOnly);

public sealed record PlanCgroupView(string FsType, string Options, string Target);

public sealed record PlanNetif(string HostName, string InnerName);
