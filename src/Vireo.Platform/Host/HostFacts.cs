using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>Pause-loop-exiting settings of the loaded KVM module (null fields: not present on this host).</summary>
public sealed record PleSettings(long? PleGap, long? PleWindow, long? PauseFilterCount, long? PauseFilterThreshold);

/// <summary>Small host facts read straight from /proc and /sys.</summary>
public static class HostFacts
{
    public static string Hostname() => File.ReadAllText("/proc/sys/kernel/hostname").Trim();

    /// <summary>vhost-net accelerates virtio-net; without the device QEMU must not be given vhost=on (QEMU 7.2 aborts).</summary>
    public static bool VhostNetAvailable() => File.Exists("/dev/vhost-net");

    public static bool TunAvailable() => File.Exists("/dev/net/tun");

    /// <summary>kvm_intel's ple_gap/ple_window or kvm_amd's pause_filter_count/pause_filter_thresh.</summary>
    public static PleSettings ReadPleSettings(string moduleRoot = "/sys/module") =>
        new(ReadLong(moduleRoot, "kvm_intel/parameters/ple_gap"),
            ReadLong(moduleRoot, "kvm_intel/parameters/ple_window"),
            ReadLong(moduleRoot, "kvm_amd/parameters/pause_filter_count"),
            ReadLong(moduleRoot, "kvm_amd/parameters/pause_filter_thresh"));

    private static long? ReadLong(string root, string rel)
    {
        string path = Path.Combine(root, rel);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out long v) ? v : null;
    }
}
