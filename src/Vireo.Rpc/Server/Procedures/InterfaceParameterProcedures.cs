using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>domiftune over the driver's <see cref="IDomainInterfaceParameters"/>: the two-phase get (nparams 0 asks for the count) and the set.</summary>
public static class InterfaceParameterProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetInterfaceParameters, static async (CallContext c, DomainNamedParamsArgs a) =>
        {
            const string api = "virDomainGetInterfaceParameters";
            var feature = c.Feature<IDomainInterfaceParameters>(api);
            var flags = TypedParamCalls.Modify(c, a.Flags, api);
            // libvirt answers the size query after checking the definitions but before it looks the interface up
            // (virsh then fails on the second call).
            if (a.NParams == 0)
            {
                feature.CheckReadable(a.Dom.Uuid, flags);
                return new TypedParamsCountRet([], InterfaceParams.All.Count);
            }
            var all = await feature.GetInterfaceParametersAsync(a.Dom.Uuid, a.Name, flags, c.Cancellation).ConfigureAwait(false);
            return TypedParamCalls.TwoPhase(all, a.NParams, a.Flags);
        });
        d.Register(RemoteProcedure.DomainSetInterfaceParameters, static async (CallContext c, DomainSetInterfaceParametersArgs a) =>
        {
            const string api = "virDomainSetInterfaceParameters";
            await c.Feature<IDomainInterfaceParameters>(api).SetInterfaceParametersAsync(a.Dom.Uuid, a.Device, a.Params, TypedParamCalls.Modify(c, a.Flags, api, 0), c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api: "virDomainSetInterfaceParameters"));
    }
}
