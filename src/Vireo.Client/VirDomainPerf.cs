using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virsh perf: a domain's host perf events, each a boolean parameter named after the event (cpu_clock, task_clock, ...).</summary>
public static class VirDomainPerf
{
    public static async Task<IReadOnlyList<TypedParameter>> GetPerfEventsAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainFlagsArgs, TypedParamsRet>(RemoteProcedure.DomainGetPerfEvents,
            new DomainFlagsArgs(d.Ref, (uint)flags), ct).ConfigureAwait(false);
        return r.Params;
    }

    /// <param name="events">Boolean parameters: true enables the event, false disables it.</param>
    public static Task SetPerfEventsAsync(this VirDomain d, IReadOnlyList<TypedParameter> events, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetPerfEvents, new DomainSetParamsFlagsArgs(d.Ref, events, (uint)flags), ct);
}
