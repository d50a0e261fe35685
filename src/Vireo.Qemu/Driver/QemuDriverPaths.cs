using System.Globalization;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Where the QEMU driver keeps things (libvirt: /etc/libvirt/qemu, /run/libvirt/qemu, /var/lib/libvirt/qemu,
/// /var/log/libvirt/qemu):
/// <list type="bullet">
/// <item><c>Config/NAME.xml</c>, <c>Config/autostart/NAME.xml</c>: definitions and autostart marks;</item>
/// <item><c>Run/NAME.xml</c>: the status of each running guest; <c>Run/domain-ID-NAME/</c>: its sockets;</item>
/// <item><c>Log/NAME.log</c>: QEMU's own output; <c>Log/NAME.console.log</c>: what the guest printed;</item>
/// <item><c>Lib/</c>: the emulator capability cache.</item>
/// </list>
/// </summary>
public sealed record QemuDriverPaths(string ConfigDir, string RunDir, string LogDir, string LibDir)
{
    /// <summary>vireod's layout.</summary>
    public static QemuDriverPaths System { get; } =
        new("/var/lib/vireo/qemu/config", "/run/vireo/qemu", "/var/log/vireo/qemu", "/var/lib/vireo/qemu/lib");

    /// <summary>Everything under one directory (embedded mode `qemu:///embed?root=DIR`, tests).</summary>
    public static QemuDriverPaths Under(string root)
    {
        var q = Path.Combine(Path.GetFullPath(root), "qemu");
        return new(Path.Combine(q, "config"), Path.Combine(q, "run"), Path.Combine(q, "log"), Path.Combine(q, "lib"));
    }

    public string CapsCacheDir => Path.Combine(LibDir, "caps");

    /// <summary>QEMU's stdout and stderr (the command line is written first, like libvirt's domain log).</summary>
    public string ProcessLog(string name) => Path.Combine(LogDir, name + ".log");

    /// <summary>The guest's serial output, written by the engine (the only reader of the serial socket).</summary>
    public string ConsoleLog(string name) => Path.Combine(LogDir, name + ".console.log");

    /// <summary>
    /// The running guest's socket directory. libvirt's domain-ID-NAME with the name cut to 20 characters:
    /// a Unix socket path must fit in 107 bytes.
    /// </summary>
    public QemuRuntimePaths Runtime(int id, string name) =>
        new(Path.Combine(RunDir, string.Create(CultureInfo.InvariantCulture, $"domain-{id}-{(name.Length > 20 ? name[..20] : name)}")));

    /// <summary>The longest socket path QEMU can bind (sockaddr_un.sun_path is 108 bytes with the NUL).</summary>
    public const int MaxSocketPath = 107;
}
