using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.CommandLine;

/// <summary>Host facts the driver reads before a start (Vireo.Platform.Host), so that building stays pure.</summary>
public sealed record QemuHostFacts
{
    public bool KvmUsable { get; init; }

    /// <summary>A sentence saying why KVM cannot be used (KvmProbe's Reason); used in the error for &lt;domain type='kvm'&gt;.</summary>
    public string KvmReason { get; init; } = "KVM is not usable on this host.";

    /// <summary>/dev/vhost-net exists. Without it QEMU 7.2 aborts on vhost=on, so it is never emitted.</summary>
    public bool VhostNetAvailable { get; init; }

    /// <summary>Host NUMA node ids (numatune nodesets are checked against them).</summary>
    public IReadOnlyList<int> NumaNodes { get; init; } = [0];

    /// <summary>hugetlbfs mount points by page size in KiB (2048, 1048576).</summary>
    public IReadOnlyDictionary<ulong, string> HugepageMounts { get; init; } = new Dictionary<ulong, string>();

    /// <summary>The page size a bare &lt;hugepages/&gt; means (the kernel's default), in KiB.</summary>
    public ulong? DefaultHugepageKiB { get; init; }
}

/// <summary>
/// The per-guest runtime directory (e.g. /run/vireo/qemu/NAME) and the names of the sockets in it. The
/// driver creates the directory; QEMU creates the sockets (server=on). Unix socket paths must fit in
/// 107 bytes, so the directory should be short.
/// </summary>
public sealed record QemuRuntimePaths(string Directory)
{
    public string MonitorSocket => Path.Combine(Directory, "monitor.sock");

    /// <summary>The socket realising &lt;serial type='pty'&gt; number Index (the engine is its only client).</summary>
    public string SerialSocket(int index) => Path.Combine(Directory, $"serial{index}.sock");

    /// <summary>The socket realising a pty &lt;console&gt; that is its own device (virtio console).</summary>
    public string ConsoleSocket(int index) => Path.Combine(Directory, $"console{index}.sock");

    /// <summary>The socket of a channel without a source path; the guest agent's is "qga.sock".</summary>
    public string ChannelSocket(int index, string? targetName) =>
        Path.Combine(Directory, targetName == "org.qemu.guest_agent.0" ? "qga.sock" : $"channel{index}.sock");

    /// <summary>A VNC or SPICE server listening on a Unix socket without a path of its own.</summary>
    public string GraphicsSocket(int index, string type) => Path.Combine(Directory, $"{type}{index}.sock");

    /// <summary>Where file-backed guest RAM lives when memoryBacking asks for source type 'file' without hugepages.</summary>
    public string MemoryBackingDir => Path.Combine(Directory, "ram");
}

/// <summary>The tap (or macvtap) descriptors the driver opened for one interface: one per queue.</summary>
public sealed record QemuInterfaceFds(IReadOnlyList<int> TapFds, IReadOnlyList<int>? VhostFds = null);

/// <summary>Everything impure that QemuCommandBuilder needs, resolved by the driver beforehand.</summary>
public sealed record QemuLaunchContext
{
    public required QemuEmulatorCaps Caps { get; init; }
    public required QemuHostFacts Host { get; init; }
    public required QemuRuntimePaths Paths { get; init; }

    /// <summary>The running id the domain will have (libvirt's domain id); informational.</summary>
    public int? DomainId { get; init; }

    /// <summary>Opened tap/macvtap descriptors, keyed by the interface's position in &lt;devices&gt;.</summary>
    public IReadOnlyDictionary<int, QemuInterfaceFds> InterfaceFds { get; init; } = new Dictionary<int, QemuInterfaceFds>();

    /// <summary>Ports the driver reserved for graphics with autoport, keyed by the graphics' position.</summary>
    public IReadOnlyDictionary<int, int> GraphicsPorts { get; init; } = new Dictionary<int, int>();

    /// <summary>The start time, for &lt;clock offset='variable'&gt; (the RTC base is now + adjustment).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The host's offset from UTC now, for clock basis='localtime'.</summary>
    public TimeSpan LocalUtcOffset { get; init; }

    /// <summary>The master key and secret values of the encrypted disks (null: the definition has none).</summary>
    public QemuDiskSecrets? DiskSecrets { get; init; }

    public string EmulatorPath => Caps.EmulatorPath;
}
