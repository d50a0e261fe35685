using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The virDomainCheckpoint* procedures, over the driver's <see cref="IDomainCheckpoints"/> (a driver without
/// checkpoints answers VIR_ERR_NO_SUPPORT). A checkpoint travels as remote_nonnull_domain_checkpoint
/// {name, domain}, the layout of a snapshot reference, so the snapshot records serve both; the domain is
/// echoed as the client sent it. Create and delete are refused on read-only connections.
/// </summary>
public static class CheckpointProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainCheckpointCreateXml, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            var name = await Checkpoints(c, "virDomainCheckpointCreateXML").CreateAsync(a.Dom.Uuid, a.Text, (CheckpointCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return new SnapshotRet(new SnapshotRef(name, a.Dom));
        }, ProcedureOptions.Write("virDomainCheckpointCreateXML"));
        d.Register(RemoteProcedure.DomainCheckpointGetXmlDesc, static async (CallContext c, SnapshotFlagsArgs a) =>
            new StringValue(await Checkpoints(c, "virDomainCheckpointGetXMLDesc").XmlAsync(a.Snap.Domain.Uuid, a.Snap.Name, (CheckpointXmlFlags)a.Flags, c.Cancellation).ConfigureAwait(false)));
        d.RegisterSync(RemoteProcedure.DomainListAllCheckpoints, static (CallContext c, DomainIntFlagsArgs a) =>
        {
            var names = Checkpoints(c, "virDomainListAllCheckpoints").List(a.Dom.Uuid, (CheckpointListFlags)a.Flags);
            return new SnapshotListRet(a.Value != 0 ? names.Select(n => new SnapshotRef(n, a.Dom)).ToArray() : [], names.Count);
        });
        d.RegisterSync(RemoteProcedure.DomainCheckpointListAllChildren, static (CallContext c, SnapshotListChildrenArgs a) =>
        {
            var names = Checkpoints(c, "virDomainCheckpointListAllChildren").ListChildren(a.Snap.Domain.Uuid, a.Snap.Name, (CheckpointListFlags)a.Flags);
            return new SnapshotListRet(a.NeedResults != 0 ? names.Select(n => new SnapshotRef(n, a.Snap.Domain)).ToArray() : [], names.Count);
        });
        d.RegisterSync(RemoteProcedure.DomainCheckpointLookupByName, static (CallContext c, DomainStringFlagsArgs a) =>
            new SnapshotRet(new SnapshotRef(Checkpoints(c, "virDomainCheckpointLookupByName").Lookup(a.Dom.Uuid, a.Text, a.Flags), a.Dom)));
        d.RegisterSync(RemoteProcedure.DomainCheckpointGetParent, static (CallContext c, SnapshotFlagsArgs a) =>
            new SnapshotRet(new SnapshotRef(Checkpoints(c, "virDomainCheckpointGetParent").Parent(a.Snap.Domain.Uuid, a.Snap.Name, a.Flags), a.Snap.Domain)));
        d.Register(RemoteProcedure.DomainCheckpointDelete, static async (CallContext c, SnapshotFlagsArgs a) =>
        {
            await Checkpoints(c, "virDomainCheckpointDelete").DeleteAsync(a.Snap.Domain.Uuid, a.Snap.Name, (CheckpointDeleteFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainCheckpointDelete"));
    }

    private static IDomainCheckpoints Checkpoints(CallContext c, string api) => c.Feature<IDomainCheckpoints>(api);
}
