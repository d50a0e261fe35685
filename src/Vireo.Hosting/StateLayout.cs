using Vireo.Platform.Files;
using Vireo.Qemu.Driver;

namespace Vireo.Hosting;

/// <summary>
/// Where one Vireo instance keeps its state: vireod's system layout (/var/lib/vireo, /run/vireo,
/// /var/log/vireo) or everything under one root (embedded mode, tests). Each driver gets its own part.
/// </summary>
public sealed record StateLayout(string StateDir, string RunDir, string LogDir)
{
    public static StateLayout System { get; } = new("/var/lib/vireo", "/run/vireo", "/var/log/vireo");

    /// <summary>
    /// The embedded layout under ROOT: the QEMU driver's own embedded layout (ROOT/qemu/...) and the
    /// container driver's (ROOT/lib, ROOT/run, ROOT/log), so `qemu:///embed?root=DIR` and
    /// `lxc:///embed?root=DIR` may share a root.
    /// </summary>
    public static StateLayout Under(string root)
    {
        var full = Path.GetFullPath(root);
        return new StateLayout(Path.Combine(full, "lib"), Path.Combine(full, "run"), Path.Combine(full, "log")) { EmbedRoot = full };
    }

    /// <summary>Set for an embedded layout: the root directory it was made from.</summary>
    public string? EmbedRoot { get; init; }

    /// <summary>The QEMU driver's directories (the same as QemuDriverPaths.System for the system layout).</summary>
    public QemuDriverPaths QemuPaths => EmbedRoot is { } root
        ? QemuDriverPaths.Under(root)
        : new QemuDriverPaths(Path.Combine(StateDir, "qemu", "config"), Path.Combine(RunDir, "qemu"),
            Path.Combine(LogDir, "qemu"), Path.Combine(StateDir, "qemu", "lib"));

    /// <summary>The container driver's layout (it uses the "lxc" parts of each directory).</summary>
    public DirectoryLayout LxcLayout => new(StateDir, RunDir, LogDir);
}
