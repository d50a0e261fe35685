using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>Event callback registration (the callback variants clients use after feature 14).</summary>
public static class EventProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, static (CallContext c, EventRegisterArgs a) =>
        {
            if (a.Dom is { } dom) c.Driver.Domains.LookupByUuid(dom.Uuid);
            return new IntValue(c.Connection.RegisterEvent(a.EventId, a.Dom));
        });
        d.RegisterSync(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, static (CallContext c, IntValue a) =>
        {
            c.Connection.DeregisterEvent(a.Value);
            return default(VoidRecord);
        });
    }
}
