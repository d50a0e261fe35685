using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>One IOThread: its id and the host CPUs it may run on (one flag per host CPU, index = CPU number).</summary>
public sealed record IoThreadInfo(uint Id, IReadOnlyList<bool> CpuMap);

/// <summary>
/// A domain's IOThreads (virsh iothreadinfo, iothreadadd, iothreaddel, iothreadpin, iothreadset):
/// DOMAIN_GET_IOTHREAD_INFO, DOMAIN_ADD_IOTHREAD, DOMAIN_DEL_IOTHREAD, DOMAIN_PIN_IOTHREAD and
/// DOMAIN_SET_IOTHREAD_PARAMS. Live changes act on the running QEMU at once; <see cref="ModifyFlags.Config"/>
/// changes the saved definition (libvirt's CURRENT/LIVE/CONFIG rules).
/// </summary>
public interface IDomainIoThreads
{
    /// <summary>The IOThreads in the order the hypervisor (live) or the definition (config) lists them.</summary>
    ValueTask<IReadOnlyList<IoThreadInfo>> IoThreadInfoAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask AddIoThreadAsync(Guid uuid, uint id, ModifyFlags flags, CancellationToken ct);

    /// <summary>Refused while a disk uses the IOThread.</summary>
    ValueTask DeleteIoThreadAsync(Guid uuid, uint id, ModifyFlags flags, CancellationToken ct);

    ValueTask PinIoThreadAsync(Guid uuid, uint id, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct);

    /// <summary>
    /// An IOThread's adaptive polling (running QEMU only) and worker-pool bounds; <paramref name="parameters"/> as the
    /// client sent them (<see cref="IoThreadParams"/>), checked by the driver after the domain is found, as libvirt does.
    /// </summary>
    ValueTask SetIoThreadParamsAsync(Guid uuid, uint id, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);
}
