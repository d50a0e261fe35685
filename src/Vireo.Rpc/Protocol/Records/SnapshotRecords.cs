using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// Snapshot procedures (modelled here; dispatched by the snapshot feature). Create uses DomainStringFlagsArgs
// {dom, xml_desc, flags}, lookup by name DomainStringFlagsArgs {dom, name, flags}, num/current/has current
// DomainFlagsArgs, list all DomainIntFlagsArgs {dom, need_results, flags}.

/// <summary>{remote_nonnull_domain_snapshot snap; unsigned int flags}: get xml, is current, has metadata, revert, delete, get parent, num children.</summary>
public readonly record struct SnapshotFlagsArgs(SnapshotRef Snap, uint Flags) : IXdrRecord<SnapshotFlagsArgs>
{
    public static SnapshotFlagsArgs Decode(ref XdrReader r) => new(r.ReadSnapshot(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteSnapshot(Snap);
        w.WriteUInt(Flags);
    }
}

/// <summary>{remote_nonnull_domain_snapshot snap}: create, lookup, current, get parent replies.</summary>
public readonly record struct SnapshotRet(SnapshotRef Snap) : IXdrRecord<SnapshotRet>
{
    public static SnapshotRet Decode(ref XdrReader r) => new(r.ReadSnapshot());
    public void Encode(ref XdrWriter w) => w.WriteSnapshot(Snap);
}

/// <summary>remote_domain_snapshot_list_all_children_args.</summary>
public readonly record struct SnapshotListChildrenArgs(SnapshotRef Snap, int NeedResults, uint Flags) : IXdrRecord<SnapshotListChildrenArgs>
{
    public static SnapshotListChildrenArgs Decode(ref XdrReader r) => new(r.ReadSnapshot(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteSnapshot(Snap);
        w.WriteInt(NeedResults);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_list_all_snapshots_ret and remote_domain_snapshot_list_all_children_ret.</summary>
public readonly record struct SnapshotListRet(IReadOnlyList<SnapshotRef> Snapshots, int Count) : IXdrRecord<SnapshotListRet>
{
    public static SnapshotListRet Decode(ref XdrReader r) => new(r.ReadSnapshots(XdrLimits.DomainSnapshotListMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteSnapshots(Snapshots);
        w.WriteInt(Count);
    }
}
