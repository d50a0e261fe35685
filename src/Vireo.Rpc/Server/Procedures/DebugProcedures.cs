using Vireo.Core.Errors;
using Vireo.Core.Keycodes;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>DOMAIN_INJECT_NMI and DOMAIN_SEND_KEY: both change the guest, so both are refused read-only.</summary>
public static class DebugProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainInjectNmi, static async (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainInjectNMI");
            await c.Feature<IDomainDebug>("virDomainInjectNMI").InjectNmiAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainInjectNMI"));

        d.Register(RemoteProcedure.DomainSendKey, static async (CallContext c, DomainSendKeyArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainSendKey");
            await c.Feature<IDomainDebug>("virDomainSendKey")
                .SendKeyAsync(a.Dom.Uuid, (KeycodeSet)a.Codeset, a.Holdtime, a.Keycodes, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSendKey"));
    }
}
