namespace Vireo.Snmp.Mib;

/// <summary>
/// One libvirtGuestEntry as served: memory in MiB and CPU time in nanoseconds, the units libvirt-snmp
/// uses (libvirt reports memory in KiB).
/// </summary>
public sealed record GuestRow(
    Guid Uuid,
    string Name,
    GuestState State,
    uint CpuCount,
    uint MemoryCurrentMiB,
    uint MemoryLimitMiB,
    ulong CpuTimeNs)
{
    /// <summary>Builds a row from libvirt-style figures (KiB), clamping to the MIB's ranges.</summary>
    public static GuestRow FromKiB(Guid uuid, string name, GuestState state, int cpus, ulong memoryKiB, ulong maxMemoryKiB, ulong cpuTimeNs) =>
        new(uuid, name, state,
            (uint)Math.Clamp(cpus, 0, 65535),
            (uint)Math.Min(memoryKiB / 1024, uint.MaxValue),
            (uint)Math.Min(maxMemoryKiB / 1024, uint.MaxValue),
            cpuTimeNs);
}
