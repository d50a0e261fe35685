namespace Vireo.Platform.Cgroups;

/// <summary>
/// Entry point: machine groups live under one parent per host ("machine.vireo"), one per guest, so
/// Vireo's groups never mix with libvirt's ("machine") or systemd's slices.
/// </summary>
public static class Cgroups
{
    public const string MachineParent = "machine.vireo";

    /// <summary>Creates (or opens, if it survived a daemon restart) the machine group for a guest.</summary>
    public static ICgroupController CreateMachineGroup(string name, CgroupLayout? layout = null) =>
        Create($"{MachineParent}/{CheckName(name)}", layout ?? CgroupLayout.Detect());

    /// <summary>Creates a group at any relative path (tests use a unique top-level name).</summary>
    public static ICgroupController Create(string relativePath, CgroupLayout layout) =>
        layout.PreferredVersion == CgroupVersion.V1
            ? CgroupV1Controller.Create(layout, relativePath)
            : CgroupV2Controller.Create(layout.UnifiedMount
                ?? throw new NotSupportedException("No cgroup hierarchy is mounted on this host."), relativePath);

    /// <summary>A cgroup name may not be empty, contain '/', start with '.', or look like an interface file.</summary>
    public static string CheckName(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.StartsWith('.') || name is "tasks" || name.StartsWith("cgroup.")
            || name.Contains('\n'))
            throw new ArgumentException($"'{name}' cannot be used as a cgroup name.", nameof(name));
        return name;
    }
}
