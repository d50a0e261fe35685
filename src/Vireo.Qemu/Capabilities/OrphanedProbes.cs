using System.Globalization;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// Capability probes whose owner died mid-probe. A probe kills its QEMU on every failure path, but an owner
/// that is SIGKILLed (vireod, a test host, an embedded `vireo`) never gets there, and QEMU with <c>-S</c>
/// and no guest would idle forever. Each probe directory records its owner's and its QEMU's pids; the next
/// probe reaps the QEMU of any directory whose owner is gone, checking that pid still runs a QEMU on that
/// directory's socket (so a reused pid is never killed).
/// </summary>
internal static class OrphanedProbes
{
    public const string DirectoryPrefix = "vireo-caps-";
    private const string OwnerFile = "owner.pid";
    private const string QemuFile = "qemu.pid";

    public static void RecordOwner(string dir) =>
        File.WriteAllText(Path.Combine(dir, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static void RecordQemu(string dir, int pid) =>
        File.WriteAllText(Path.Combine(dir, QemuFile), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Kills the QEMU of every probe directory under <paramref name="parent"/> whose owner is dead, and removes the directory. Best effort.</summary>
    public static int Reap(string parent)
    {
        int reaped = 0;
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories(parent, DirectoryPrefix + "*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
        foreach (var dir in dirs)
        {
            try
            {
                if (ReadPid(Path.Combine(dir, OwnerFile)) is not { } owner || IsAlive(owner)) continue;
                if (ReadPid(Path.Combine(dir, QemuFile)) is { } qemu && RunsOn(qemu, dir))
                {
                    System.Diagnostics.Process.GetProcessById(qemu).Kill();
                    reaped++;
                }
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Another prober got there first, or the process ended meanwhile: nothing to do.
            }
        }
        return reaped;
    }

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>True when <paramref name="pid"/> is a process whose command line names <paramref name="dir"/>.</summary>
    private static bool RunsOn(int pid, string dir)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(dir + "/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
