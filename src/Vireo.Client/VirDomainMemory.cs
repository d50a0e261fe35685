using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>The guest's memory size and balloon (virsh setmem, setmaxmem, dommemstat --period); sizes in KiB.</summary>
public static class VirDomainMemory
{
    /// <summary>DOMAIN_SET_MEMORY_FLAGS; add <see cref="MemoryModFlags.Maximum"/> to change the maximum (config only).</summary>
    public static Task SetMemoryAsync(this VirDomain d, ulong kib, MemoryModFlags flags = MemoryModFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetMemoryFlags, new DomainULongFlagsArgs(d.Ref, kib, (uint)flags), ct);

    public static Task SetMaxMemoryAsync(this VirDomain d, ulong kib, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetMaxMemory, new DomainULongArgs(d.Ref, kib), ct);

    /// <summary>Seconds between the guest's balloon statistics updates (0 stops them).</summary>
    public static Task SetMemoryStatsPeriodAsync(this VirDomain d, int seconds, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetMemoryStatsPeriod, new DomainIntFlagsArgs(d.Ref, seconds, (uint)flags), ct);
}
