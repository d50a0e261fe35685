using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Plan;

/// <summary>
/// The cgroup filesystems shown inside a container under /sys/fs/cgroup, from the host's layout. With
/// a cgroup namespace each mount shows the container's own group as its root.
/// On a hybrid host the controllers are v1 and the cgroup2 mount at /sys/fs/cgroup/unified holds
/// none of them; the container is not placed there, so that mount is left out rather than re-created
/// (re-creating it is exactly what breaks libvirt_lxc on such hosts).
/// </summary>
public static class CgroupViews
{
    public const string Root = "/sys/fs/cgroup";

    /// <summary>The views for a container placed in the given v1 controllers (or in v2).</summary>
    public static IReadOnlyList<PlanCgroupView> For(CgroupLayout layout, IReadOnlyCollection<string> joinedControllers)
    {
        if (layout.PreferredVersion == CgroupVersion.V2)
            return [new PlanCgroupView("cgroup2", "", Root)];
        var views = new List<PlanCgroupView> { new("tmpfs", "mode=755", Root) };
        // One mount per hierarchy: controllers co-mounted on the host (cpu,cpuacct) must be named together.
        foreach (var group in layout.V1Mounts.Where(kv => joinedControllers.Contains(kv.Key))
                     .GroupBy(kv => kv.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var controllers = string.Join(',', group.Select(kv => kv.Key).Order(StringComparer.Ordinal));
            views.Add(new PlanCgroupView("cgroup", controllers, $"{Root}/{Path.GetFileName(group.Key)}"));
        }
        return views;
    }
}
