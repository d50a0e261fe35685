using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// DOMAIN_GET_BLOCK_IO_TUNE / DOMAIN_SET_BLOCK_IO_TUNE (virsh blkdeviotune): a disk's I/O throttling as libvirt's
/// typed parameters (total/read/write bytes and operations per second, their _max bursts, size_iops_sec,
/// group_name, the _max_length burst lengths, in libvirt's order). <c>disk</c> is the disk's target ("vda") or its
/// source path. A live read reports what the hypervisor applies; a live change applies at once and enters the live
/// definition, a config change the saved one.
/// </summary>
public interface IDomainBlockIoTune
{
    /// <summary>How many parameters a get returns (the count phase of the two-phase get): the domain's state is checked, the disk is not.</summary>
    int BlockIoTuneCount(Guid uuid, ModifyFlags flags);

    ValueTask<IReadOnlyList<TypedParameter>> GetBlockIoTuneAsync(Guid uuid, string? disk, ModifyFlags flags, CancellationToken ct);

    ValueTask SetBlockIoTuneAsync(Guid uuid, string disk, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);
}
