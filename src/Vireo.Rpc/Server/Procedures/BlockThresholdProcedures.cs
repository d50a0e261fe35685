using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh domblkthreshold (DOMAIN_SET_BLOCK_THRESHOLD 386) over the driver's <see cref="IDomainBlockThreshold"/>, a
/// write. libvirt 9.0 defines no flag for it (a threshold is bytes; there is no percentage form), so any flag is
/// refused. The event it arms is DOMAIN_EVENT_BLOCK_THRESHOLD (385, event id 24).
/// </summary>
public static class BlockThresholdProcedures
{
    public static void Register(RpcDispatcher d) =>
        d.Register(RemoteProcedure.DomainSetBlockThreshold, static async (CallContext c, DomainSetBlockThresholdArgs a) =>
        {
            const string api = "virDomainSetBlockThreshold";
            c.CheckFlags(a.Flags, 0, api);
            await c.Feature<IDomainBlockThreshold>(api).SetBlockThresholdAsync(a.Dom.Uuid, a.Dev, a.Threshold, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetBlockThreshold"));
}
