namespace Vireo.Platform.Files;

/// <summary>
/// Where Vireo keeps things, per driver ("qemu", "lxc"): persistent config and status under the state
/// directory, sockets and pidfiles under the run directory (tmpfs, gone at reboot like the guests),
/// logs under the log directory. Tests build one under a temp dir.
/// </summary>
public sealed record DirectoryLayout(string StateDir, string RunDir, string LogDir)
{
    /// <summary>The system-wide layout used by vireod running as root.</summary>
    public static DirectoryLayout System { get; } = new("/var/lib/vireo", "/run/vireo", "/var/log/vireo");

    /// <summary>A self-contained layout under one directory (tests, unprivileged embedded mode).</summary>
    public static DirectoryLayout Under(string root) =>
        new(Path.Combine(root, "lib"), Path.Combine(root, "run"), Path.Combine(root, "log"));

    /// <summary>Persistent per-domain state: definitions, status files, snapshots metadata.</summary>
    public string DomainStateDir(string driver, string name) => Path.Combine(StateDir, driver, "domains", name);

    /// <summary>Run-time per-domain directory: QMP and console sockets, pidfile. Kept short: socket paths max 107 bytes.</summary>
    public string DomainRunDir(string driver, string name) => Path.Combine(RunDir, driver, name);

    public string DomainLogDir(string driver) => Path.Combine(LogDir, driver);

    public string PidFile(string driver, string name) => Path.Combine(DomainRunDir(driver, name), "pid");
    public string MonitorSocket(string driver, string name) => Path.Combine(DomainRunDir(driver, name), "monitor.sock");
    public string ConsoleSocket(string driver, string name, string dev = "serial0") =>
        Path.Combine(DomainRunDir(driver, name), $"{dev}.sock");
    public string StatusFile(string driver, string name) => Path.Combine(DomainStateDir(driver, name), "status.xml");

    /// <summary>stdout/stderr of the hypervisor process (QEMU's own messages).</summary>
    public string ProcessLog(string driver, string name) => Path.Combine(DomainLogDir(driver), $"{name}.log");

    /// <summary>What the guest printed on its console, appended across restarts of the daemon.</summary>
    public string ConsoleLog(string driver, string name, string dev = "serial0") =>
        Path.Combine(DomainLogDir(driver), $"{name}.{dev}.log");

    /// <summary>Creates a directory (and parents) with the given mode if it does not exist; returns it.</summary>
    public static string Ensure(string path, UnixFileMode mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)
    {
#pragma warning disable CA1416 // Vireo runs on Linux only
        Directory.CreateDirectory(path, mode);
#pragma warning restore CA1416
        return path;
    }
}
