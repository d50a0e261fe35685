using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.Client;

/// <summary>
/// A domain's IOThreads (virsh iothreadinfo, iothreadadd, iothreaddel, iothreadpin, iothreadset). CPU maps have one
/// flag per host CPU (index = CPU number); on the wire they are libvirt's bitmaps.
/// </summary>
public static class VirDomainIoThreads
{
    public static async Task<IReadOnlyList<IoThreadInfo>> GetIoThreadInfoAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetIoThreadInfoRet>(RemoteProcedure.DomainGetIothreadInfo,
            new DomainFlagsArgs(d.Ref, (uint)flags), ct).ConfigureAwait(false);
        return r.Info.Select(i => new IoThreadInfo(i.IoThreadId, Bitmaps.Unpack(i.CpuMap, i.CpuMap.Length * 8))).ToArray();
    }

    public static Task AddIoThreadAsync(this VirDomain d, uint id, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainAddIothread, new DomainUIntFlagsArgs(d.Ref, id, (uint)flags), ct);

    public static Task DeleteIoThreadAsync(this VirDomain d, uint id, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainDelIothread, new DomainUIntFlagsArgs(d.Ref, id, (uint)flags), ct);

    public static Task PinIoThreadAsync(this VirDomain d, uint id, IReadOnlyList<bool> cpuMap, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainPinIothread,
            new DomainPinIoThreadArgs(d.Ref, id, Bitmaps.Pack(cpuMap, (cpuMap.Count + 7) / 8), (uint)flags), ct);

    /// <summary>
    /// virDomainSetIOThreadParams: an IOThread's adaptive polling (running guest only) and worker-pool bounds; only
    /// the members that are not null are sent.
    /// </summary>
    public static Task SetIoThreadParamsAsync(this VirDomain d, uint id, IoThreadParams parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.SetIoThreadParamsAsync(id, parameters.ToTypedParameters(), flags, ct);

    /// <summary>The same call with the typed parameters as given (names in <see cref="IoThreadParams"/>).</summary>
    public static Task SetIoThreadParamsAsync(this VirDomain d, uint id, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetIothreadParams, new DomainSetIoThreadParamsArgs(d.Ref, id, parameters, (uint)flags), ct);
}
