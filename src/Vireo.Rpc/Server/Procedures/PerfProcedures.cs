using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh perf over the driver's <see cref="IDomainPerf"/>: DOMAIN_GET_PERF_EVENTS (365, a read answered in one go
/// with every event as a boolean) and DOMAIN_SET_PERF_EVENTS (366, a write). Flags are the modification impact;
/// the get also takes VIR_TYPED_PARAM_STRING_OKAY (no string parameters are sent either way).
/// </summary>
public static class PerfProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetPerfEvents, static async (CallContext c, DomainFlagsArgs a) =>
        {
            var flags = TypedParamCalls.Modify(c, a.Flags, "qemuDomainGetPerfEvents");
            var all = await c.Feature<IDomainPerf>("virDomainGetPerfEvents").GetPerfEventsAsync(a.Dom.Uuid, flags, c.Cancellation).ConfigureAwait(false);
            return new TypedParamsRet(all);
        });
        d.Register(RemoteProcedure.DomainSetPerfEvents, static async (CallContext c, DomainSetParamsFlagsArgs a) =>
        {
            var flags = TypedParamCalls.Modify(c, a.Flags, "qemuDomainSetPerfEvents", 0);
            await c.Feature<IDomainPerf>("virDomainSetPerfEvents").SetPerfEventsAsync(a.Dom.Uuid, a.Params, flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetPerfEvents"));
    }
}
