using System.Runtime.InteropServices;
using Vireo.Platform.Cgroups;

namespace Vireo.Platform.Processes;

/// <summary>How to start a long-lived child such as QEMU.</summary>
public sealed record SpawnOptions
{
    /// <summary>Absolute path, or a bare name looked up in PATH.</summary>
    public required string Executable { get; init; }

    /// <summary>argv[1..]. argv[0] is <see cref="Executable"/>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>stdout and stderr are appended here (created 0640 if missing); null sends them to /dev/null.</summary>
    public string? OutputLogPath { get; init; }

    /// <summary>When set, the child's PID is written here atomically after the start.</summary>
    public string? PidFilePath { get; init; }

    /// <summary>
    /// Descriptors the child inherits, keyed by the number it sees (e.g. 3 for <c>-netdev tap,fd=3</c>).
    /// Numbers must be 3 or more. Every other descriptor of ours is closed in the child.
    /// </summary>
    public IReadOnlyDictionary<int, SafeHandle> InheritedFds { get; init; } = new Dictionary<int, SafeHandle>();

    /// <summary>Network namespace to start in: a name under /var/run/netns or an absolute path.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Cgroup to move the child into right after the start (before it can do real work: QEMU starts with -S).</summary>
    public ICgroupController? Cgroup { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>The child's environment; null inherits ours.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// Start a new session (setsid): no controlling terminal, its own process group, so neither our exit
    /// nor a terminal hangup nor a Ctrl-C to our group reaches it.
    /// </summary>
    public bool NewSession { get; init; } = true;
}
