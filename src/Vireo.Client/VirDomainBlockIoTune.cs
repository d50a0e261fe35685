using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// A disk's I/O throttling (virsh blkdeviotune): libvirt's typed parameters total/read/write_bytes_sec and _iops_sec,
/// their _max bursts and _max_length burst lengths, size_iops_sec and group_name (a string). The get is libvirt's two
/// calls (the count, then the list) and takes string parameters.
/// </summary>
public static class VirDomainBlockIoTune
{
    private const uint StringOkay = 4;

    /// <summary>How many parameters a get returns (libvirt's first call; it checks the domain's state, not the disk).</summary>
    public static async Task<int> CountBlockIoTuneAsync(this VirDomain d, string disk, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainGetBlockIoTuneArgs, TypedParamsCountRet>(RemoteProcedure.DomainGetBlockIoTune,
            new DomainGetBlockIoTuneArgs(d.Ref, disk, 0, (uint)flags | StringOkay), ct).ConfigureAwait(false)).NParams;

    /// <param name="disk">The disk's target ("vda") or source path.</param>
    /// <param name="count">The count <see cref="CountBlockIoTuneAsync"/> gave, when the caller asked already.</param>
    public static async Task<IReadOnlyList<TypedParameter>> GetBlockIoTuneAsync(this VirDomain d, string disk, ModifyFlags flags = ModifyFlags.Current,
        int? count = null, CancellationToken ct = default)
    {
        var n = count ?? await d.CountBlockIoTuneAsync(disk, flags, ct).ConfigureAwait(false);
        if (n == 0) return [];
        return (await d.Connection.Rpc.CallAsync<DomainGetBlockIoTuneArgs, TypedParamsCountRet>(RemoteProcedure.DomainGetBlockIoTune,
            new DomainGetBlockIoTuneArgs(d.Ref, disk, n, (uint)flags | StringOkay), ct).ConfigureAwait(false)).Params;
    }

    /// <summary>Changes the parameters given (the others of a family given are set to 0, as libvirt does).</summary>
    public static Task SetBlockIoTuneAsync(this VirDomain d, string disk, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetBlockIoTune, new DomainSetBlockIoTuneArgs(d.Ref, disk, parameters, (uint)flags), ct);
}
