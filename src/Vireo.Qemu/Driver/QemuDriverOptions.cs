namespace Vireo.Qemu.Driver;

/// <summary>Tunables of the QEMU driver. The defaults suit TCG guests on a busy two-core host.</summary>
public sealed record QemuDriverOptions
{
    /// <summary>The emulator used when a definition names none (&lt;emulator&gt;).</summary>
    public string EmulatorPath { get; init; } = "/usr/bin/qemu-system-x86_64";

    /// <summary>
    /// Where emulator probes are kept (one document per binary build); null: the state directory's lib/caps.
    /// Several drivers may share one: each document is replaced atomically and names the build it describes.
    /// </summary>
    public string? CapsCacheDirectory { get; init; }

    /// <summary>The secret driver encrypted disks take their passphrases from; null: such disks cannot start.</summary>
    public Vireo.Drivers.Secrets.ISecrets? Secrets { get; init; }

    /// <summary>The canonical URI the host answers (qemu:///system, or the embed URI).</summary>
    public string CanonicalUri { get; init; } = "qemu:///system";

    /// <summary>How long a just-spawned QEMU may take to accept QMP (it usually takes 30-45 ms).</summary>
    public TimeSpan MonitorConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a QMP command may take before the guest is reported unresponsive.</summary>
    public TimeSpan MonitorCommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long destroy waits after SIGTERM before SIGKILL. QEMU normally exits within tens of ms.</summary>
    public TimeSpan DestroyGracePeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>With VIR_DOMAIN_DESTROY_GRACEFUL: how long to wait after SIGTERM (no SIGKILL follows).</summary>
    public TimeSpan GracefulDestroyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After an ACPI power-button press, how long to wait for the guest to react before pressing again
    /// (a press early in boot, before the guest's ACPI daemon listens, is lost: qemu-probe 3k).
    /// </summary>
    public TimeSpan ShutdownRetryAfter { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>After the second press, how long before the driver logs that the guest ignored shutdown.</summary>
    public TimeSpan ShutdownGiveUpAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an operation waits for another operation on the same domain (libvirt: 30 s).</summary>
    public TimeSpan JobWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a save may take to write the guest's state, or a restore to load it, before it is given up.</summary>
    public TimeSpan SaveRestoreTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How much guest console output each guest keeps in memory for clients that attach later.</summary>
    public int ConsoleHistoryBytes { get; init; } = 256 * 1024;
}
