using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>domiftune: a NIC's bandwidth (<see cref="InterfaceParams"/> fields, UINT, KiB/s and KiB).</summary>
public static class VirDomainInterfaceParameters
{
    /// <summary>virDomainGetInterfaceParameters, asked twice as virsh asks it (nparams 0 for the count, then the list).</summary>
    /// <param name="device">The interface's host device (target dev) or its MAC address.</param>
    public static async Task<IReadOnlyList<TypedParameter>> GetInterfaceParametersAsync(this VirDomain d, string device, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var rpc = d.Connection.Rpc;
        var count = await rpc.CallAsync<DomainNamedParamsArgs, TypedParamsCountRet>(RemoteProcedure.DomainGetInterfaceParameters, new DomainNamedParamsArgs(d.Ref, device, 0, (uint)flags), ct).ConfigureAwait(false);
        if (count.NParams == 0) return [];
        return (await rpc.CallAsync<DomainNamedParamsArgs, TypedParamsCountRet>(RemoteProcedure.DomainGetInterfaceParameters, new DomainNamedParamsArgs(d.Ref, device, count.NParams, (uint)flags), ct)
            .ConfigureAwait(false)).Params;
    }

    /// <summary>virDomainSetInterfaceParameters: a direction given is replaced as a whole; a zero average clears it.</summary>
    public static Task SetInterfaceParametersAsync(this VirDomain d, string device, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetInterfaceParameters, new DomainSetInterfaceParametersArgs(d.Ref, device, parameters, (uint)flags), ct);
}
