using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>Listing and lookups: answered from the driver's in-memory registry, never waiting for a job.</summary>
public static class DomainListProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectListAllDomains, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var list = c.Driver.Domains.List((ListFlags)a.Flags);
            if (a.NeedResults == 0) return new ListAllDomainsRet([], (uint)list.Count);
            var refs = new DomainRef[list.Count];
            for (var i = 0; i < refs.Length; i++) refs[i] = list[i].Ref;
            return new ListAllDomainsRet(refs, (uint)refs.Length);
        });

        d.RegisterSync(RemoteProcedure.ConnectNumOfDomains, static (CallContext c, VoidRecord _) =>
            new IntValue(c.Driver.Domains.List(ListFlags.Active).Count));
        d.RegisterSync(RemoteProcedure.ConnectListDomains, static (CallContext c, IntValue a) =>
            new ListDomainIdsRet(c.Driver.Domains.List(ListFlags.Active).Select(x => x.Ref.Id).Order().Take(Math.Max(0, a.Value)).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectNumOfDefinedDomains, static (CallContext c, VoidRecord _) =>
            new IntValue(c.Driver.Domains.List(ListFlags.Inactive).Count));
        d.RegisterSync(RemoteProcedure.ConnectListDefinedDomains, static (CallContext c, IntValue a) =>
            new NameListRet(c.Driver.Domains.List(ListFlags.Inactive).Select(x => x.Ref.Name).Order(StringComparer.Ordinal).Take(Math.Max(0, a.Value)).ToArray()));

        d.RegisterSync(RemoteProcedure.DomainLookupByName, static (CallContext c, StringValue a) => new DomainRet(c.Driver.Domains.LookupByName(a.Value)));
        d.RegisterSync(RemoteProcedure.DomainLookupByUuid, static (CallContext c, UuidArgs a) => new DomainRet(c.Driver.Domains.LookupByUuid(a.Uuid)));
        d.RegisterSync(RemoteProcedure.DomainLookupById, static (CallContext c, IntValue a) => new DomainRet(c.Driver.Domains.LookupById(a.Value)));
    }
}
