using Vireo.Platform.Cgroups;
using Vireo.Platform.Files;

namespace Vireo.Lxc;

/// <summary>How the daemon (or a test) sets up the container driver.</summary>
public sealed record LxcDriverOptions
{
    /// <summary>State, run and log directories; the driver uses their "lxc" parts.</summary>
    public required DirectoryLayout Layout { get; init; }

    /// <summary>The vireo-lxc helper; by default the one built next to this assembly.</summary>
    public string HelperPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "vireo-lxc");

    /// <summary>The host's cgroup mounts (detected from /proc/self/mountinfo by default).</summary>
    public CgroupLayout CgroupLayout { get; init; } = CgroupLayout.Detect();

    /// <summary>
    /// The network namespace (a name under /var/run/netns) where host veth ends and bridges live; null is
    /// the host's own. Tests point it at a namespace they created.
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Maps a libvirt virtual network name to its bridge; null when unknown (no network driver yet).</summary>
    public Func<string, string?> NetworkBridge { get; init; } = _ => null;

    /// <summary>How long `shutdown` waits after SIGTERM before it kills init.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a start may take before the helper is given up on.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a domain job waits for another one on the same domain.</summary>
    public TimeSpan JobWait { get; init; } = TimeSpan.FromSeconds(30);
}
