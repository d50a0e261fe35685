namespace Vireo.Qemu.Cpu;

/// <summary>
/// The installed CPU map and this host's CPU named with it, each read once per process (the CPU does not change
/// under a running daemon, and libvirtd too reads both once). Null where there is no map or no CPUID (not x86).
/// </summary>
public static class X86HostCpu
{
    private static readonly Lazy<X86CpuMap?> InstalledMap = new(() =>
        File.Exists(Path.Combine(X86CpuMap.DefaultDirectory, "index.xml")) ? X86CpuMap.Load() : null);

    private static readonly Lazy<X86CpuDescription?> Host = new(() =>
        Map is { } map && X86HostCpuid.Available ? X86Decoder.DecodeHost(X86HostCpuid.Read(map), map) : null);

    /// <summary>libvirt's CPU map as installed (/usr/share/libvirt/cpu_map), or null without one.</summary>
    public static X86CpuMap? Map => InstalledMap.Value;

    /// <summary>This host's CPU as &lt;capabilities&gt; names it, or null off x86 or without a map.</summary>
    public static X86CpuDescription? Describe() => Host.Value;
}
