using Vireo.Core.Domain;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// The container's cgroup: created before the helper starts (init joins it before it runs), with the
/// definition's limits written, and removed once the container has ended. On v1 hosts (including
/// hybrid ones like this project's machine) the group exists once per controller hierarchy.
/// </summary>
internal sealed class ContainerCgroup
{
    private ContainerCgroup(ICgroupController controller, CgroupLayout layout)
    {
        Controller = controller;
        Layout = layout;
    }

    public ICgroupController Controller { get; }
    public CgroupLayout Layout { get; }
    public string RelativePath => Controller.RelativePath;

    /// <summary>"machine.vireo/lxc-NAME", or "PARTITION/lxc-NAME" for &lt;resource&gt;&lt;partition&gt;.</summary>
    public static string RelativePathFor(DomainDef def)
    {
        var leaf = Cgroups.CheckName("lxc-" + def.Name);
        return def.Resource?.Partition is { } p ? $"{p.Trim('/')}/{leaf}" : $"{Cgroups.MachineParent}/{leaf}";
    }

    public static ContainerCgroup Create(string relativePath, CgroupLayout layout) =>
        new(Cgroups.Create(relativePath, layout), layout);

    /// <summary>Opens the group of a container found running after a restart (creating is idempotent).</summary>
    public static ContainerCgroup Open(string relativePath, CgroupLayout layout) => Create(relativePath, layout);

    /// <summary>The v1 controllers the group exists in (empty on a v2 host).</summary>
    public IReadOnlyList<string> JoinedControllers =>
        Controller.Version == CgroupVersion.V2 ? [] :
            Layout.V1Mounts.Where(kv => Directory.Exists(Path.Combine(kv.Value, RelativePath))).Select(kv => kv.Key).ToList();

    /// <summary>The cgroup.procs files the helper writes init's pid to: one per hierarchy.</summary>
    public IReadOnlyList<string> ProcsFiles =>
        Controller.Version == CgroupVersion.V2
            ? [Path.Combine(Layout.UnifiedMount!, RelativePath, "cgroup.procs")]
            : Layout.V1Mounts.Values.Distinct(StringComparer.Ordinal)
                .Select(m => Path.Combine(m, RelativePath))
                .Where(Directory.Exists)
                .Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>The directory of one v1 controller's group (or of the v2 group).</summary>
    public string? DirectoryOf(string v1Controller) =>
        Controller.Version == CgroupVersion.V2 ? Path.Combine(Layout.UnifiedMount!, RelativePath)
        : Layout.V1Mounts.TryGetValue(v1Controller, out var m) ? Path.Combine(m, RelativePath) : null;

    public Task RemoveAsync(CancellationToken ct = default) => Controller.RemoveAsync(ct);
}
