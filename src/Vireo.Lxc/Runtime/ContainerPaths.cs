using Vireo.Platform.Files;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Where one container's files live. The state directory (persistent) holds the saved definition and
/// the autostart mark. The run directory (/run/vireo/lxc/NAME: tmpfs on most hosts, gone at reboot
/// like the containers, as libvirt keeps /run/libvirt/lxc) holds the status file vireod reconnects
/// from and what the helper owns: its plan, console socket, logs and, once init has ended, its exit status.
/// </summary>
public sealed record ContainerPaths(string StateDir, string RunDir)
{
    public const string Driver = "lxc";

    public static ContainerPaths For(DirectoryLayout layout, string name) =>
        new(layout.DomainStateDir(Driver, name), layout.DomainRunDir(Driver, name));

    public string ConfigFile => Path.Combine(StateDir, "config.xml");
    public string AutostartFile => Path.Combine(StateDir, "autostart");
    public string StatusFile => Path.Combine(RunDir, "status.xml");

    public string PlanFile => Path.Combine(RunDir, "plan");
    public string ConsoleSocket => Path.Combine(RunDir, "console.sock");
    public string ConsoleLog => Path.Combine(RunDir, "console.log");
    public string HelperLog => Path.Combine(RunDir, "helper.log");

    /// <summary>Written by the helper when init has ended: "exited N" or "signaled N".</summary>
    public string ExitFile => Path.Combine(RunDir, "exit");

    /// <summary>
    /// The files that belong to one run and go when it ends or fails: plan, console socket, exit status and
    /// status. The logs stay (as libvirt keeps NAME.log): they say how the run went.
    /// </summary>
    public IEnumerable<string> RunFiles => [PlanFile, ConsoleSocket, ExitFile, StatusFile];
}
