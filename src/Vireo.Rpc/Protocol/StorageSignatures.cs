using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the storage procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class StorageSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        var i = typeof(IntValue);
        var s = typeof(StringValue);
        var pool = typeof(PoolArgs);
        var poolFlags = typeof(PoolFlagsArgs);
        var vol = typeof(VolArgs);
        m[RemoteProcedure.ConnectNumOfStoragePools] = (v, i);
        m[RemoteProcedure.ConnectNumOfDefinedStoragePools] = (v, i);
        m[RemoteProcedure.ConnectListStoragePools] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListDefinedStoragePools] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListAllStoragePools] = (typeof(ListAllDomainsArgs), typeof(PoolListRet));
        m[RemoteProcedure.StoragePoolCreateXml] = (typeof(StringFlagsArgs), pool);
        m[RemoteProcedure.StoragePoolDefineXml] = (typeof(StringFlagsArgs), pool);
        m[RemoteProcedure.StoragePoolCreate] = (poolFlags, v);
        m[RemoteProcedure.StoragePoolBuild] = (poolFlags, v);
        m[RemoteProcedure.StoragePoolDestroy] = (pool, v);
        m[RemoteProcedure.StoragePoolUndefine] = (pool, v);
        m[RemoteProcedure.StoragePoolRefresh] = (poolFlags, v);
        m[RemoteProcedure.StoragePoolLookupByName] = (s, pool);
        m[RemoteProcedure.StoragePoolLookupByUuid] = (typeof(UuidArgs), pool);
        m[RemoteProcedure.StoragePoolLookupByVolume] = (vol, pool);
        m[RemoteProcedure.StoragePoolGetInfo] = (pool, typeof(PoolInfoRet));
        m[RemoteProcedure.StoragePoolGetXmlDesc] = (poolFlags, s);
        m[RemoteProcedure.StoragePoolGetAutostart] = (pool, i);
        m[RemoteProcedure.StoragePoolSetAutostart] = (typeof(PoolIntArgs), v);
        m[RemoteProcedure.StoragePoolIsActive] = (pool, i);
        m[RemoteProcedure.StoragePoolIsPersistent] = (pool, i);
        m[RemoteProcedure.StoragePoolNumOfVolumes] = (pool, i);
        m[RemoteProcedure.StoragePoolListVolumes] = (typeof(PoolIntArgs), typeof(NameListRet));
        m[RemoteProcedure.StoragePoolListAllVolumes] = (typeof(PoolIntFlagsArgs), typeof(VolListRet));
        m[RemoteProcedure.StorageVolCreateXml] = (typeof(PoolStringFlagsArgs), vol);
        m[RemoteProcedure.StorageVolDelete] = (typeof(VolFlagsArgs), v);
        m[RemoteProcedure.StorageVolLookupByName] = (typeof(PoolStringArgs), vol);
        m[RemoteProcedure.StorageVolLookupByKey] = (s, vol);
        m[RemoteProcedure.StorageVolLookupByPath] = (s, vol);
        m[RemoteProcedure.StorageVolGetInfo] = (vol, typeof(VolInfoRet));
        m[RemoteProcedure.StorageVolGetXmlDesc] = (typeof(VolFlagsArgs), s);
        m[RemoteProcedure.StorageVolGetPath] = (vol, s);
        m[RemoteProcedure.StorageVolGetInfoFlags] = (typeof(VolFlagsArgs), typeof(VolInfoRet));
        m[RemoteProcedure.StorageVolResize] = (typeof(VolResizeArgs), v);
        m[RemoteProcedure.StoragePoolLookupByTargetPath] = (s, pool);
        m[RemoteProcedure.StoragePoolDelete] = (poolFlags, v);
        m[RemoteProcedure.StorageVolCreateXmlFrom] = (typeof(VolCloneArgs), vol);
        m[RemoteProcedure.StorageVolWipe] = (typeof(VolFlagsArgs), v);
        m[RemoteProcedure.StorageVolWipePattern] = (typeof(VolWipePatternArgs), v);
        m[RemoteProcedure.StorageVolUpload] = (typeof(VolTransferArgs), v);
        m[RemoteProcedure.StorageVolDownload] = (typeof(VolTransferArgs), v);
        m[RemoteProcedure.ConnectStoragePoolEventRegisterAny] = (typeof(PoolEventRegisterArgs), i);
        m[RemoteProcedure.ConnectStoragePoolEventDeregisterAny] = (i, v);
        m[RemoteProcedure.StoragePoolEventLifecycle] = (typeof(PoolLifecycleMsg), v);
        m[RemoteProcedure.StoragePoolEventRefresh] = (typeof(PoolRefreshMsg), v);
    }
}
