using Vireo.Core.Domain;
using Vireo.Platform.Cgroups;
using Vireo.Platform.Processes;

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

    /// <summary>How long the tasks of an ended container get to leave its group before removal gives up.</summary>
    public static readonly TimeSpan EmptyDeadline = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Kills whatever is still in the group (in any hierarchy: a task may sit in one v1 controller and not
    /// another), waits until the kernel reports it empty everywhere, then removes it in every hierarchy.
    /// rmdir of a group whose last task is still exiting fails with EBUSY, so emptiness is awaited first
    /// (the platform's rmdir still retries a brief EBUSY). The helper removes the group itself when init
    /// ends, so finding it gone already is the usual case.
    /// </summary>
    public async Task RemoveAsync(CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + EmptyDeadline;
        var killed = new HashSet<int>();
        while (Members() is { Count: > 0 } members)
        {
            foreach (var pid in members.Where(killed.Add))
                Kill(pid);
            if (DateTime.UtcNow > deadline)
                throw new IOException($"the cgroup {RelativePath} still holds processes {string.Join(", ", members)} after they were killed");
            await Task.Delay(5, ct).ConfigureAwait(false);
        }
        if (Directories.Any(Directory.Exists))
            await Controller.RemoveAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The group's directory in every hierarchy it may exist in.</summary>
    private IEnumerable<string> Directories =>
        Controller.Version == CgroupVersion.V2
            ? [Path.Combine(Layout.UnifiedMount!, RelativePath)]
            : Layout.V1Mounts.Values.Distinct(StringComparer.Ordinal).Select(m => Path.Combine(m, RelativePath));

    /// <summary>Every process in the group in any hierarchy (and its sub-groups); a removed directory has none.</summary>
    internal IReadOnlyList<int> Members()
    {
        var pids = new SortedSet<int>();
        foreach (var dir in Directories.Where(Directory.Exists))
        {
            try
            {
                foreach (var procs in Directory.EnumerateFiles(dir, "cgroup.procs", SearchOption.AllDirectories))
                    foreach (var line in File.ReadAllLines(procs))
                        if (int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out var pid))
                            pids.Add(pid);
            }
            catch (IOException) when (!Directory.Exists(dir)) { } // removed while we read it
        }
        return pids.ToList();
    }

    /// <summary>SIGKILL through a pidfd opened for the identity we just read, so a reused pid is never hit.</summary>
    private static void Kill(int pid)
    {
        if (ProcessIdentity.Of(pid) is not { } id || WatchedProcess.TryAdopt(id) is not { } p) return;
        using (p) p.Signal(Signals.SIGKILL);
    }
}
