using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// numatune over the driver's <see cref="IDomainNuma"/>. The host side (nodeinfo, freecell, nodecpumap,
/// nodememstats, capabilities' cells) is in the standard host procedures.
/// </summary>
public static class NumaProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetNumaParameters, static async (CallContext c, DomainIntFlagsArgs a) =>
        {
            const string api = "virDomainGetNumaParameters";
            var all = await c.Feature<IDomainNuma>(api).GetNumaParametersAsync(a.Dom.Uuid, TypedParamCalls.Modify(c, a.Flags, api), c.Cancellation).ConfigureAwait(false);
            return TypedParamCalls.TwoPhase(all, a.Value, a.Flags);
        });
        d.Register(RemoteProcedure.DomainSetNumaParameters, static async (CallContext c, DomainSetParamsFlagsArgs a) =>
        {
            const string api = "virDomainSetNumaParameters";
            await c.Feature<IDomainNuma>(api).SetNumaParametersAsync(a.Dom.Uuid, a.Params, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetNumaParameters"));
    }
}
