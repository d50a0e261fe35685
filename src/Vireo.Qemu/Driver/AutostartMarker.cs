using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Autostart runs once per host boot, as libvirtd's does (it keeps an "autostarted" file in its run directory, a
/// tmpfs): an engine started again the same boot (vireod restarted, or every `vireo -c qemu:///embed` call, whose
/// run directory is not a tmpfs) must not start again a guest the user shut down. The marker holds the kernel's
/// boot id, so a reboot is seen wherever the run directory lives.
/// </summary>
internal static class AutostartMarker
{
    private const string BootIdFile = "/proc/sys/kernel/random/boot_id";

    /// <summary>True the first time it is asked in this boot for this run directory (and records that it was).</summary>
    public static async Task<bool> FirstThisBootAsync(string runDir, CancellationToken ct)
    {
        var marker = Path.Combine(runDir, "autostarted");
        var bootId = File.Exists(BootIdFile) ? (await File.ReadAllTextAsync(BootIdFile, ct).ConfigureAwait(false)).Trim() : "unknown";
        if (File.Exists(marker) && (await File.ReadAllTextAsync(marker, ct).ConfigureAwait(false)).Trim() == bootId) return false;
        await AtomicFile.WriteAllTextAsync(marker, bootId + "\n", ct).ConfigureAwait(false);
        return true;
    }
}
