using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The virDomainSnapshot* procedures, over the driver's <see cref="IDomainSnapshots"/> (a driver without
/// snapshots answers VIR_ERR_NO_SUPPORT from <see cref="CallContext.Feature{T}"/>). Reads answer at once
/// from the driver's metadata; create, revert and delete run asynchronously and are refused on
/// read-only connections. Snapshots travel as {name, domain}: the domain is echoed as the client sent it.
/// </summary>
public static class SnapshotProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainSnapshotCreateXml, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            var name = await Snapshots(c, "virDomainSnapshotCreateXML").CreateAsync(a.Dom.Uuid, a.Text, (SnapshotCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return new SnapshotRet(new SnapshotRef(name, a.Dom));
        }, ProcedureOptions.Write("virDomainSnapshotCreateXML"));

        d.RegisterSync(RemoteProcedure.DomainSnapshotGetXmlDesc, static (CallContext c, SnapshotFlagsArgs a) =>
            new StringValue(Snapshots(c, "virDomainSnapshotGetXMLDesc").Xml(a.Snap.Domain.Uuid, a.Snap.Name, (SnapshotXmlFlags)a.Flags)));
        d.RegisterSync(RemoteProcedure.DomainSnapshotNum, static (CallContext c, DomainFlagsArgs a) =>
            new IntValue(Snapshots(c, "virDomainSnapshotNum").List(a.Dom.Uuid, (SnapshotListFlags)a.Flags).Count));
        d.RegisterSync(RemoteProcedure.DomainSnapshotListNames, static (CallContext c, DomainIntFlagsArgs a) =>
            new NameListRet(Snapshots(c, "virDomainSnapshotListNames").List(a.Dom.Uuid, (SnapshotListFlags)a.Flags).Take(Math.Max(0, a.Value)).ToArray()));
        d.RegisterSync(RemoteProcedure.DomainListAllSnapshots, static (CallContext c, DomainIntFlagsArgs a) =>
        {
            var names = Snapshots(c, "virDomainListAllSnapshots").List(a.Dom.Uuid, (SnapshotListFlags)a.Flags);
            return new SnapshotListRet(a.Value != 0 ? names.Select(n => new SnapshotRef(n, a.Dom)).ToArray() : [], names.Count);
        });
        d.RegisterSync(RemoteProcedure.DomainSnapshotListAllChildren, static (CallContext c, SnapshotListChildrenArgs a) =>
        {
            var names = Snapshots(c, "virDomainSnapshotListAllChildren").ListChildren(a.Snap.Domain.Uuid, a.Snap.Name, (SnapshotListFlags)a.Flags);
            return new SnapshotListRet(a.NeedResults != 0 ? names.Select(n => new SnapshotRef(n, a.Snap.Domain)).ToArray() : [], names.Count);
        });
        d.RegisterSync(RemoteProcedure.DomainSnapshotNumChildren, static (CallContext c, SnapshotFlagsArgs a) =>
            new IntValue(Snapshots(c, "virDomainSnapshotNumChildren").ListChildren(a.Snap.Domain.Uuid, a.Snap.Name, (SnapshotListFlags)a.Flags).Count));
        d.RegisterSync(RemoteProcedure.DomainSnapshotLookupByName, static (CallContext c, DomainStringFlagsArgs a) =>
            new SnapshotRet(new SnapshotRef(Snapshots(c, "virDomainSnapshotLookupByName").Lookup(a.Dom.Uuid, a.Text), a.Dom)));
        d.RegisterSync(RemoteProcedure.DomainHasCurrentSnapshot, static (CallContext c, DomainFlagsArgs a) =>
            new IntValue(Snapshots(c, "virDomainHasCurrentSnapshot").HasCurrent(a.Dom.Uuid) ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainSnapshotCurrent, static (CallContext c, DomainFlagsArgs a) =>
            new SnapshotRet(new SnapshotRef(Snapshots(c, "virDomainSnapshotCurrent").Current(a.Dom.Uuid), a.Dom)));
        d.RegisterSync(RemoteProcedure.DomainSnapshotGetParent, static (CallContext c, SnapshotFlagsArgs a) =>
            new SnapshotRet(new SnapshotRef(Snapshots(c, "virDomainSnapshotGetParent").Parent(a.Snap.Domain.Uuid, a.Snap.Name), a.Snap.Domain)));
        d.RegisterSync(RemoteProcedure.DomainSnapshotIsCurrent, static (CallContext c, SnapshotFlagsArgs a) =>
            new IntValue(Snapshots(c, "virDomainSnapshotIsCurrent").IsCurrent(a.Snap.Domain.Uuid, a.Snap.Name) ? 1 : 0));
        d.RegisterSync(RemoteProcedure.DomainSnapshotHasMetadata, static (CallContext c, SnapshotFlagsArgs a) =>
            new IntValue(Snapshots(c, "virDomainSnapshotHasMetadata").HasMetadata(a.Snap.Domain.Uuid, a.Snap.Name) ? 1 : 0));

        d.Register(RemoteProcedure.DomainRevertToSnapshot, static async (CallContext c, SnapshotFlagsArgs a) =>
        {
            await Snapshots(c, "virDomainRevertToSnapshot").RevertAsync(a.Snap.Domain.Uuid, a.Snap.Name, (SnapshotRevertFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainRevertToSnapshot"));
        d.Register(RemoteProcedure.DomainSnapshotDelete, static async (CallContext c, SnapshotFlagsArgs a) =>
        {
            await Snapshots(c, "virDomainSnapshotDelete").DeleteAsync(a.Snap.Domain.Uuid, a.Snap.Name, (SnapshotDeleteFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSnapshotDelete"));
    }

    private static IDomainSnapshots Snapshots(CallContext c, string api) => c.Feature<IDomainSnapshots>(api);
}
