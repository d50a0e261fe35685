using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// The procedure numbers of one kind of libvirt "moment" (its name for snapshots and checkpoints). Both kinds
/// travel in the same records: a {name, domain} reference, create and lookup by {domain, text, flags}, list all
/// by {domain, need_results, flags}, list children by {reference, need_results, flags}, parent, XML and delete
/// by {reference, flags}. <see cref="MomentCalls"/> makes those calls for any kind; a snapshot API only needs a
/// second table (185, 186, 274, 275, 189, 244, 193).
/// </summary>
internal sealed record MomentProcedures(
    RemoteProcedure Create,
    RemoteProcedure GetXmlDesc,
    RemoteProcedure ListAll,
    RemoteProcedure ListAllChildren,
    RemoteProcedure LookupByName,
    RemoteProcedure GetParent,
    RemoteProcedure Delete)
{
    public static readonly MomentProcedures Checkpoint = new(
        RemoteProcedure.DomainCheckpointCreateXml,
        RemoteProcedure.DomainCheckpointGetXmlDesc,
        RemoteProcedure.DomainListAllCheckpoints,
        RemoteProcedure.DomainCheckpointListAllChildren,
        RemoteProcedure.DomainCheckpointLookupByName,
        RemoteProcedure.DomainCheckpointGetParent,
        RemoteProcedure.DomainCheckpointDelete);
}

/// <summary>The moment calls over the wire, returning the daemon's references (names with the domain).</summary>
internal static class MomentCalls
{
    public static async Task<string> CreateAsync(VirDomain d, MomentProcedures p, string xml, uint flags, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<DomainStringFlagsArgs, SnapshotRet>(p.Create, new DomainStringFlagsArgs(d.Ref, xml, flags), ct).ConfigureAwait(false)).Snap.Name;

    public static async Task<string> LookupAsync(VirDomain d, MomentProcedures p, string name, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<DomainStringFlagsArgs, SnapshotRet>(p.LookupByName, new DomainStringFlagsArgs(d.Ref, name, 0), ct).ConfigureAwait(false)).Snap.Name;

    /// <summary>Names of the domain's moments matching the filter, in the daemon's order.</summary>
    public static async Task<IReadOnlyList<string>> ListAllAsync(VirDomain d, MomentProcedures p, uint flags, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, SnapshotListRet>(p.ListAll, new DomainIntFlagsArgs(d.Ref, 1, flags), ct).ConfigureAwait(false))
            .Snapshots.Select(s => s.Name).ToList();

    /// <summary>The children (or descendants) of a moment; or only how many (<paramref name="names"/> false, as virsh's info asks).</summary>
    public static async Task<(IReadOnlyList<string> Names, int Count)> ListChildrenAsync(VirDomain d, MomentProcedures p, string name, bool names, uint flags, CancellationToken ct)
    {
        var r = await d.Connection.Rpc.CallAsync<SnapshotListChildrenArgs, SnapshotListRet>(p.ListAllChildren,
            new SnapshotListChildrenArgs(Ref(d, name), names ? 1 : 0, flags), ct).ConfigureAwait(false);
        return (r.Snapshots.Select(s => s.Name).ToList(), r.Count);
    }

    public static async Task<string> XmlAsync(VirDomain d, MomentProcedures p, string name, uint flags, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<SnapshotFlagsArgs, StringValue>(p.GetXmlDesc, new SnapshotFlagsArgs(Ref(d, name), flags), ct).ConfigureAwait(false)).Value;

    public static async Task<string> ParentAsync(VirDomain d, MomentProcedures p, string name, CancellationToken ct) =>
        (await d.Connection.Rpc.CallAsync<SnapshotFlagsArgs, SnapshotRet>(p.GetParent, new SnapshotFlagsArgs(Ref(d, name), 0), ct).ConfigureAwait(false)).Snap.Name;

    public static Task DeleteAsync(VirDomain d, MomentProcedures p, string name, uint flags, CancellationToken ct) =>
        d.Connection.Rpc.CallVoidAsync(p.Delete, new SnapshotFlagsArgs(Ref(d, name), flags), ct);

    private static SnapshotRef Ref(VirDomain d, string name) => new(name, d.Ref);
}
