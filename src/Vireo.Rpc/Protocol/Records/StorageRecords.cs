using Vireo.Drivers.Storage;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The storage procedures' records. On the wire a pool is {name; uuid} and a volume {pool; name; key}.
// As elsewhere, one record stands for every libvirt struct of the same layout (PoolFlagsArgs is the
// args of pool create, build, refresh, get_xml_desc, ...).

/// <summary>remote_nonnull_storage_pool / remote_nonnull_storage_vol as reader/writer extensions.</summary>
public static class StorageWire
{
    public const int PoolListMax = 16384;
    public const int VolListMax = 16384;

    public static StoragePoolRef ReadPool(this ref XdrReader r)
    {
        var name = r.ReadString();
        return new StoragePoolRef(name, r.ReadUuid());
    }

    public static void WritePool(this ref XdrWriter w, in StoragePoolRef p)
    {
        w.WriteString(p.Name);
        w.WriteUuid(p.Uuid);
    }

    public static StorageVolRef ReadVol(this ref XdrReader r)
    {
        var pool = r.ReadString();
        var name = r.ReadString();
        return new StorageVolRef(pool, name, r.ReadString());
    }

    public static void WriteVol(this ref XdrWriter w, in StorageVolRef v)
    {
        w.WriteString(v.Pool);
        w.WriteString(v.Name);
        w.WriteString(v.Key);
    }
}

/// <summary>{pool} (destroy, undefine, get_info, get_autostart, num_of_volumes, is_active, ...), also as a reply (lookups, define).</summary>
public readonly record struct PoolArgs(StoragePoolRef Pool) : IXdrRecord<PoolArgs>
{
    public static PoolArgs Decode(ref XdrReader r) => new(r.ReadPool());
    public void Encode(ref XdrWriter w) => w.WritePool(Pool);
}

/// <summary>{pool; unsigned int flags} (create, build, refresh, get_xml_desc).</summary>
public readonly record struct PoolFlagsArgs(StoragePoolRef Pool, uint Flags) : IXdrRecord<PoolFlagsArgs>
{
    public static PoolFlagsArgs Decode(ref XdrReader r) => new(r.ReadPool(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteUInt(Flags);
    }
}

/// <summary>{pool; int} (set_autostart, list_volumes' maxnames).</summary>
public readonly record struct PoolIntArgs(StoragePoolRef Pool, int Value) : IXdrRecord<PoolIntArgs>
{
    public static PoolIntArgs Decode(ref XdrReader r) => new(r.ReadPool(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteInt(Value);
    }
}

/// <summary>{pool; int need_results; unsigned int flags} (list_all_volumes).</summary>
public readonly record struct PoolIntFlagsArgs(StoragePoolRef Pool, int Value, uint Flags) : IXdrRecord<PoolIntFlagsArgs>
{
    public static PoolIntFlagsArgs Decode(ref XdrReader r) => new(r.ReadPool(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteInt(Value);
        w.WriteUInt(Flags);
    }
}

/// <summary>{pool; string} (vol lookup_by_name).</summary>
public readonly record struct PoolStringArgs(StoragePoolRef Pool, string Text) : IXdrRecord<PoolStringArgs>
{
    public static PoolStringArgs Decode(ref XdrReader r) => new(r.ReadPool(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteString(Text);
    }
}

/// <summary>{pool; string xml; unsigned int flags} (vol create_xml).</summary>
public readonly record struct PoolStringFlagsArgs(StoragePoolRef Pool, string Text, uint Flags) : IXdrRecord<PoolStringFlagsArgs>
{
    public static PoolStringFlagsArgs Decode(ref XdrReader r) => new(r.ReadPool(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteString(Text);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_pool_get_info_ret: {uchar state (a 4-byte XDR word); uhyper capacity, allocation, available}.</summary>
public readonly record struct PoolInfoRet(uint State, ulong Capacity, ulong Allocation, ulong Available) : IXdrRecord<PoolInfoRet>
{
    public static PoolInfoRet Decode(ref XdrReader r) => new(r.ReadUInt(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteUInt(State);
        w.WriteUHyper(Capacity);
        w.WriteUHyper(Allocation);
        w.WriteUHyper(Available);
    }
}

/// <summary>remote_connect_list_all_storage_pools_ret: {pools&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct PoolListRet(IReadOnlyList<StoragePoolRef> Pools, uint Count) : IXdrRecord<PoolListRet>
{
    public static PoolListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(StorageWire.PoolListMax, 20);
        var pools = new StoragePoolRef[n];
        for (var i = 0; i < n; i++) pools[i] = r.ReadPool();
        return new PoolListRet(pools, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Pools.Count);
        foreach (var p in Pools) w.WritePool(p);
        w.WriteUInt(Count);
    }
}

/// <summary>{vol} (get_info, get_path, pool lookup_by_volume), also as a reply (vol lookups, create).</summary>
public readonly record struct VolArgs(StorageVolRef Vol) : IXdrRecord<VolArgs>
{
    public static VolArgs Decode(ref XdrReader r) => new(r.ReadVol());
    public void Encode(ref XdrWriter w) => w.WriteVol(Vol);
}

/// <summary>{vol; unsigned int flags} (delete, get_xml_desc).</summary>
public readonly record struct VolFlagsArgs(StorageVolRef Vol, uint Flags) : IXdrRecord<VolFlagsArgs>
{
    public static VolFlagsArgs Decode(ref XdrReader r) => new(r.ReadVol(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteVol(Vol);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_vol_create_xml_from_args: {pool; string xml; vol clonevol; unsigned int flags}.</summary>
public readonly record struct VolCloneArgs(StoragePoolRef Pool, string Xml, StorageVolRef Source, uint Flags) : IXdrRecord<VolCloneArgs>
{
    public static VolCloneArgs Decode(ref XdrReader r)
    {
        var pool = r.ReadPool();
        var xml = r.ReadString();
        return new VolCloneArgs(pool, xml, r.ReadVol(), r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WritePool(Pool);
        w.WriteString(Xml);
        w.WriteVol(Source);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_vol_wipe_pattern_args: {vol; unsigned int algorithm; unsigned int flags}.</summary>
public readonly record struct VolWipePatternArgs(StorageVolRef Vol, uint Algorithm, uint Flags) : IXdrRecord<VolWipePatternArgs>
{
    public static VolWipePatternArgs Decode(ref XdrReader r) => new(r.ReadVol(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteVol(Vol);
        w.WriteUInt(Algorithm);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_vol_upload_args / remote_storage_vol_download_args: {vol; uhyper offset; uhyper length; unsigned int flags}.</summary>
public readonly record struct VolTransferArgs(StorageVolRef Vol, ulong Offset, ulong Length, uint Flags) : IXdrRecord<VolTransferArgs>
{
    public static VolTransferArgs Decode(ref XdrReader r) => new(r.ReadVol(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteVol(Vol);
        w.WriteUHyper(Offset);
        w.WriteUHyper(Length);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_vol_resize_args: {vol; unsigned hyper capacity; unsigned int flags}.</summary>
public readonly record struct VolResizeArgs(StorageVolRef Vol, ulong Capacity, uint Flags) : IXdrRecord<VolResizeArgs>
{
    public static VolResizeArgs Decode(ref XdrReader r) => new(r.ReadVol(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteVol(Vol);
        w.WriteUHyper(Capacity);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_storage_vol_get_info_ret: {char type (a 4-byte XDR word); uhyper capacity, allocation}.</summary>
public readonly record struct VolInfoRet(int Type, ulong Capacity, ulong Allocation) : IXdrRecord<VolInfoRet>
{
    public static VolInfoRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Type);
        w.WriteUHyper(Capacity);
        w.WriteUHyper(Allocation);
    }
}

/// <summary>remote_storage_pool_list_all_volumes_ret: {vols&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct VolListRet(IReadOnlyList<StorageVolRef> Vols, uint Count) : IXdrRecord<VolListRet>
{
    public static VolListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(StorageWire.VolListMax, 12);
        var vols = new StorageVolRef[n];
        for (var i = 0; i < n; i++) vols[i] = r.ReadVol();
        return new VolListRet(vols, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Vols.Count);
        foreach (var v in Vols) w.WriteVol(v);
        w.WriteUInt(Count);
    }
}

/// <summary>remote_connect_storage_pool_event_register_any_args: {int eventID; optional pool}.</summary>
public readonly record struct PoolEventRegisterArgs(int EventId, StoragePoolRef? Pool) : IXdrRecord<PoolEventRegisterArgs>
{
    public static PoolEventRegisterArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadOptionalFlag() ? r.ReadPool() : null);

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(EventId);
        if (Pool is not { } p) { w.WriteInt(0); return; }
        w.WriteInt(1);
        w.WritePool(p);
    }
}

/// <summary>370 storage pool lifecycle event: {int callbackID; pool; int event; int detail}.</summary>
public readonly record struct PoolLifecycleMsg(int CallbackId, StoragePoolRef Pool, int Event, int Detail) : IXdrRecord<PoolLifecycleMsg>
{
    public static PoolLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadPool(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WritePool(Pool);
        w.WriteInt(Event);
        w.WriteInt(Detail);
    }
}

/// <summary>373 storage pool refresh event: {int callbackID; pool}.</summary>
public readonly record struct PoolRefreshMsg(int CallbackId, StoragePoolRef Pool) : IXdrRecord<PoolRefreshMsg>
{
    public static PoolRefreshMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadPool());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WritePool(Pool);
    }
}
