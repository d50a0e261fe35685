using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>One option with its value, e.g. ("-name", "guest=web1,debug-threads=on") or ("-S", null).</summary>
public sealed record QemuOption(string Name, string? Value = null);

/// <summary>
/// The result of QemuCommandBuilder.Build: the argv, plus everything the driver must prepare or know
/// to run it (descriptors to pass, sockets it must connect to, QMP commands to send before 'cont',
/// the names it will need later for snapshots, hotplug and statistics).
/// </summary>
public sealed record QemuCommandLine
{
    public required string Emulator { get; init; }
    public required IReadOnlyList<QemuOption> Options { get; init; }

    /// <summary>Extra environment for the QEMU process (e.g. TZ for &lt;clock offset='timezone'&gt;); the driver adds its base environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The canonical machine type run (an alias such as "pc" resolved to "pc-i440fx-7.2"): write it back into the definition.</summary>
    public required string MachineType { get; init; }

    /// <summary>The definition as the guest runs it: the full machine type and every device's alias (its qdev id).</summary>
    public required DomainDef Definition { get; init; }

    /// <summary>"tcg" or "kvm".</summary>
    public required string Accelerator { get; init; }

    /// <summary>The QMP socket QEMU listens on (server=on,wait=off).</summary>
    public required string MonitorSocket { get; init; }
    public IReadOnlyList<QemuCharDeviceInfo> CharDevices { get; init; } = [];
    public IReadOnlyList<QemuDiskInfo> Disks { get; init; } = [];
    public IReadOnlyList<QemuNetInfo> Interfaces { get; init; } = [];

    /// <summary>Descriptors the child must inherit under exactly these numbers (SpawnOptions.InheritedFds).</summary>
    public IReadOnlyList<QemuFdUse> InheritedFds { get; init; } = [];
    public QemuBalloonInfo? Balloon { get; init; }
    public IReadOnlyList<QemuGraphicsInfo> Graphics { get; init; } = [];

    /// <summary>The PCI address every PCI device got; the driver should write these back into the persistent definition.</summary>
    public IReadOnlyList<QemuPciAssignment> PciAddresses { get; init; } = [];

    /// <summary>QMP commands to send after the handshake and before 'cont', in order (passwords, link states).</summary>
    public IReadOnlyList<QmpStartupCommand> StartupCommands { get; init; } = [];

    /// <summary>The socket of the org.qemu.guest_agent.0 channel, when the domain has one.</summary>
    public string? GuestAgentSocket { get; init; }

    /// <summary>argv without argv[0].</summary>
    public IReadOnlyList<string> Arguments =>
        [.. Options.SelectMany(o => o.Value is null ? new[] { o.Name } : [o.Name, o.Value])];
}

public enum QemuCharDeviceKind { Serial, Console, Channel }

/// <summary>
/// A serial port, console or channel as realised. When EngineIsClient, the XML said pty and the engine
/// is the only client of SocketPath: it relays the stream to consoles and writes LogFile itself (QEMU's
/// own logfile= duplicates characters while a client is attached).
/// </summary>
public sealed record QemuCharDeviceInfo
{
    public required QemuCharDeviceKind Kind { get; init; }

    /// <summary>Position in the XML list of its kind (serials, consoles or channels).</summary>
    public required int Index { get; init; }
    public required string ChardevId { get; init; }

    /// <summary>The guest device's id; null for a console that only mirrors a serial port.</summary>
    public string? DeviceId { get; init; }
    public string? SocketPath { get; init; }
    public bool EngineIsClient { get; init; }
    public string? LogFile { get; init; }
    public bool LogAppend { get; init; }

    /// <summary>Channels: the port name (e.g. org.qemu.guest_agent.0).</summary>
    public string? TargetName { get; init; }
}

/// <summary>
/// A disk's names: the -blockdev nodes (protocol "libvirt-N-storage", format "libvirt-N-format") and
/// the -device id. An empty removable drive has no nodes.
/// </summary>
public sealed record QemuDiskInfo
{
    public required int Index { get; init; }
    public required string TargetDev { get; init; }
    public required string DeviceId { get; init; }
    public string? StorageNode { get; init; }
    public string? FormatNode { get; init; }
    public string? Source { get; init; }
    public DiskFormat Format { get; init; }
    public bool ReadOnly { get; init; }

    /// <summary>The QOM path of the guest device, for qom-get/qom-set and block_set_io_throttle's "id".</summary>
    public string QomPath => "/machine/peripheral/" + DeviceId;
}

/// <summary>A network interface: -netdev id, -device id, and the descriptors QEMU will read.</summary>
public sealed record QemuNetInfo
{
    public required int Index { get; init; }
    public required string NetdevId { get; init; }
    public required string DeviceId { get; init; }
    public MacAddress? Mac { get; init; }
    public IReadOnlyList<int> TapFds { get; init; } = [];
    public bool Vhost { get; init; }
    public bool LinkDown { get; init; }
}

/// <summary>A descriptor number the child must see, and what it is for (for logs and errors).</summary>
public sealed record QemuFdUse(int Fd, string Purpose);

/// <summary>The balloon device; StatsPeriod is set by the engine after start with qom-set on QomPath.</summary>
public sealed record QemuBalloonInfo(string DeviceId, uint? StatsPeriod)
{
    public string QomPath => "/machine/peripheral/" + DeviceId;
    public const string StatsPeriodProperty = "guest-stats-polling-interval";
}

/// <summary>A display server as started. Port null with AutoPort: QEMU picked one; read it back with query-vnc/query-spice.</summary>
public sealed record QemuGraphicsInfo(GraphicsType Type, string? Address, int? Port, string? Socket, bool AutoPort, bool PasswordViaQmp);

/// <summary>Where a PCI device was placed (DeviceId as on the command line).</summary>
public sealed record QemuPciAssignment(string DeviceId, DeviceAddress Address);

/// <summary>
/// A QMP command the engine sends before 'cont'. ArgumentsJson is the "arguments" object. Secret marks
/// commands carrying passwords: never log their arguments.
/// </summary>
public sealed record QmpStartupCommand(string Execute, string ArgumentsJson, string Purpose, bool Secret = false);
