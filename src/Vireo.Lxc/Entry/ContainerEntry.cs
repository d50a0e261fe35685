using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Entry;

/// <summary>
/// Running a command in a container from the client side, as virsh's lxc-enter-namespace does: the
/// daemon hands the client descriptors of the container's namespaces (libvirt's LXC program), the
/// client joins the container's cgroups (found from the domain id, init's host pid, as libvirt's
/// virDomainLxcEnterCGroup does) and enters the namespaces. A .NET process cannot setns() itself into
/// a user or mount namespace (it is multithreaded), so the helper's "enter-ns" mode does the entering,
/// opening the descriptors through /proc/CALLER/fd/N: nothing has to be inherited across the spawn.
/// </summary>
public static class ContainerEntry
{
    /// <summary>The helper built next to the running program (vireo, vireod and the tests all get a copy).</summary>
    public static string DefaultHelperPath => Path.Combine(AppContext.BaseDirectory, "vireo-lxc");

    /// <summary>
    /// The cgroup.procs files of the groups a process is in, from its /proc/PID/cgroup text: one per v1
    /// hierarchy Vireo uses (v1 and hybrid hosts), or the one v2 group (unified hosts).
    /// </summary>
    public static IReadOnlyList<string> CgroupProcsFiles(string procPidCgroup, CgroupLayout layout)
    {
        var files = new List<string>();
        foreach (var line in procPidCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3 || !parts[2].StartsWith('/')) continue;
            var (controllers, path) = (parts[1], parts[2].TrimStart('/'));
            string? mount;
            if (controllers.Length == 0)
                mount = layout.PreferredVersion == CgroupVersion.V2 ? layout.UnifiedMount : null; // hybrid: the controller-less cgroup2 is not ours
            else
                mount = controllers.Split(',').Select(c => layout.V1Mounts.GetValueOrDefault(c)).FirstOrDefault(m => m is not null);
            if (mount is null) continue;
            var file = Path.Combine(mount, path, "cgroup.procs");
            if (!files.Contains(file)) files.Add(file);
        }
        return files;
    }

    /// <summary>
    /// The helper's arguments: the namespace descriptors this process holds (by /proc path), the capability
    /// bound of init, the cgroups to join, and the command.
    /// </summary>
    public static IReadOnlyList<string> HelperArguments(int callerPid, IEnumerable<SafeFileHandle> namespaces, int initPid,
        IEnumerable<string> cgroupProcsFiles, IReadOnlyList<string> command)
    {
        if (command.Count == 0) throw new ArgumentException("no command to run in the container", nameof(command));
        var args = new List<string> { "enter-ns" };
        foreach (var fd in namespaces)
        {
            args.Add("--ns");
            args.Add($"/proc/{callerPid.ToString(CultureInfo.InvariantCulture)}/fd/{fd.DangerousGetHandle().ToString(CultureInfo.InvariantCulture)}");
        }
        if (initPid > 0)
        {
            args.Add("--caps-of");
            args.Add(initPid.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var file in cgroupProcsFiles)
        {
            args.Add("--cgroup");
            args.Add(file);
        }
        args.Add("--");
        args.AddRange(command);
        return args;
    }

    /// <summary>The cgroup.procs files of a running container's init, read from the host's /proc (none when it is gone).</summary>
    public static IReadOnlyList<string> CgroupProcsFilesOf(int initPid)
    {
        if (initPid <= 0) return [];
        try
        {
            return CgroupProcsFiles(File.ReadAllText($"/proc/{initPid.ToString(CultureInfo.InvariantCulture)}/cgroup"), CgroupLayout.Detect());
        }
        catch (IOException)
        {
            return [];
        }
    }
}
