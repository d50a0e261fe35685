using Vireo.Drivers.Storage;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's storage pool and volume procedures over the server's shared <see cref="IStoragePools"/>, for
/// every connection (qemu and lxc alike, as libvirtd's storage driver is). Lookups and lists answer at
/// once; changes run asynchronously and are refused on read-only connections.
/// </summary>
public static class StorageProcedures
{
    public static void Register(RpcDispatcher d)
    {
        RegisterPools(d);
        RegisterVolumes(d);
        d.RegisterSync(RemoteProcedure.ConnectStoragePoolEventRegisterAny, static (CallContext c, PoolEventRegisterArgs a) =>
        {
            var storage = c.Storage("virConnectStoragePoolEventRegisterAny");
            if (a.Pool is { } p) storage.LookupPoolByUuid(p.Uuid);
            var uuid = a.Pool?.Uuid;
            return new IntValue(c.Connection.PoolEvents.Register(a.EventId, uuid is null ? null : e => e.Pool.Uuid == uuid,
                h => EventSubscription.Of<StoragePoolEvent>(x => storage.Changed += x, x => storage.Changed -= x, h)));
        });
        d.RegisterSync(RemoteProcedure.ConnectStoragePoolEventDeregisterAny, static (CallContext c, IntValue a) =>
        {
            c.Connection.PoolEvents.Deregister(a.Value);
            return default(VoidRecord);
        });
    }

    private static void RegisterPools(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectNumOfStoragePools, static (CallContext c, VoidRecord _) =>
            new IntValue(S(c, "virConnectNumOfStoragePools").ListPools(StoragePoolListFlags.Active).Count));
        d.RegisterSync(RemoteProcedure.ConnectNumOfDefinedStoragePools, static (CallContext c, VoidRecord _) =>
            new IntValue(S(c, "virConnectNumOfDefinedStoragePools").ListPools(StoragePoolListFlags.Inactive).Count));
        d.RegisterSync(RemoteProcedure.ConnectListStoragePools, static (CallContext c, IntValue a) =>
            new NameListRet(S(c, "virConnectListStoragePools").ListPools(StoragePoolListFlags.Active).Take(Math.Max(0, a.Value)).Select(p => p.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListDefinedStoragePools, static (CallContext c, IntValue a) =>
            new NameListRet(S(c, "virConnectListDefinedStoragePools").ListPools(StoragePoolListFlags.Inactive).Take(Math.Max(0, a.Value)).Select(p => p.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListAllStoragePools, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var pools = S(c, "virConnectListAllStoragePools").ListPools((StoragePoolListFlags)a.Flags);
            return new PoolListRet(a.NeedResults != 0 ? pools : [], (uint)pools.Count);
        });

        d.RegisterSync(RemoteProcedure.StoragePoolLookupByName, static (CallContext c, StringValue a) =>
            new PoolArgs(S(c, "virStoragePoolLookupByName").LookupPoolByName(a.Value)));
        d.RegisterSync(RemoteProcedure.StoragePoolLookupByUuid, static (CallContext c, UuidArgs a) =>
            new PoolArgs(S(c, "virStoragePoolLookupByUUID").LookupPoolByUuid(a.Uuid)));
        d.RegisterSync(RemoteProcedure.StoragePoolLookupByTargetPath, static (CallContext c, StringValue a) =>
            new PoolArgs(S(c, "virStoragePoolLookupByTargetPath").LookupPoolByTargetPath(a.Value)));
        d.RegisterSync(RemoteProcedure.StoragePoolLookupByVolume, static (CallContext c, VolArgs a) =>
            new PoolArgs(S(c, "virStoragePoolLookupByVolume").LookupPoolByVolume(a.Vol)));
        d.RegisterSync(RemoteProcedure.StoragePoolGetInfo, static (CallContext c, PoolArgs a) =>
        {
            var info = S(c, "virStoragePoolGetInfo").PoolInfo(a.Pool);
            return new PoolInfoRet((uint)info.State, info.Sizes.Capacity, info.Sizes.Allocation, info.Sizes.Available);
        });
        d.RegisterSync(RemoteProcedure.StoragePoolGetXmlDesc, static (CallContext c, PoolFlagsArgs a) =>
            new StringValue(S(c, "virStoragePoolGetXMLDesc").PoolXml(a.Pool, inactive: (a.Flags & 1) != 0)));
        d.RegisterSync(RemoteProcedure.StoragePoolGetAutostart, static (CallContext c, PoolArgs a) =>
            new IntValue(S(c, "virStoragePoolGetAutostart").PoolInfo(a.Pool).Autostart ? 1 : 0));
        d.RegisterSync(RemoteProcedure.StoragePoolIsActive, static (CallContext c, PoolArgs a) =>
            new IntValue(S(c, "virStoragePoolIsActive").PoolInfo(a.Pool).State == Core.Storage.StoragePoolState.Running ? 1 : 0));
        d.RegisterSync(RemoteProcedure.StoragePoolIsPersistent, static (CallContext c, PoolArgs a) =>
            new IntValue(S(c, "virStoragePoolIsPersistent").PoolInfo(a.Pool).Persistent ? 1 : 0));

        d.Register(RemoteProcedure.StoragePoolDefineXml, static async (CallContext c, StringFlagsArgs a) =>
            new PoolArgs(await S(c, "virStoragePoolDefineXML").DefinePoolAsync(a.Text, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virStoragePoolDefineXML"));
        d.Register(RemoteProcedure.StoragePoolCreateXml, static async (CallContext c, StringFlagsArgs a) =>
            new PoolArgs(await S(c, "virStoragePoolCreateXML").CreatePoolAsync(a.Text, (StoragePoolCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virStoragePoolCreateXML"));
        Change(d, RemoteProcedure.StoragePoolCreate, "virStoragePoolCreate", static (s, c, a) => s.StartPoolAsync(a.Pool, (StoragePoolCreateFlags)a.Flags, c.Cancellation));
        Change(d, RemoteProcedure.StoragePoolBuild, "virStoragePoolBuild", static (s, c, a) => s.BuildPoolAsync(a.Pool, c.Cancellation));
        Change(d, RemoteProcedure.StoragePoolRefresh, "virStoragePoolRefresh", static (s, c, a) => s.RefreshPoolAsync(a.Pool, c.Cancellation));
        Change<PoolArgs>(d, RemoteProcedure.StoragePoolDestroy, "virStoragePoolDestroy", static (s, c, a) => s.DestroyPoolAsync(a.Pool, c.Cancellation));
        Change(d, RemoteProcedure.StoragePoolDelete, "virStoragePoolDelete", static (s, c, a) => s.DeletePoolAsync(a.Pool, a.Flags, c.Cancellation));
        Change<PoolArgs>(d, RemoteProcedure.StoragePoolUndefine, "virStoragePoolUndefine", static (s, c, a) => s.UndefinePoolAsync(a.Pool, c.Cancellation));
        Change<PoolIntArgs>(d, RemoteProcedure.StoragePoolSetAutostart, "virStoragePoolSetAutostart",
            static (s, c, a) => s.SetPoolAutostartAsync(a.Pool, a.Value != 0, c.Cancellation));
    }

    private static void RegisterVolumes(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.StoragePoolNumOfVolumes, static (CallContext c, PoolArgs a) =>
            new IntValue(S(c, "virStoragePoolNumOfVolumes").ListVolumes(a.Pool).Count));
        d.RegisterSync(RemoteProcedure.StoragePoolListVolumes, static (CallContext c, PoolIntArgs a) =>
            new NameListRet(S(c, "virStoragePoolListVolumes").ListVolumes(a.Pool).Take(Math.Max(0, a.Value)).Select(v => v.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.StoragePoolListAllVolumes, static (CallContext c, PoolIntFlagsArgs a) =>
        {
            var vols = S(c, "virStoragePoolListAllVolumes").ListVolumes(a.Pool);
            return new VolListRet(a.Value != 0 ? vols : [], (uint)vols.Count);
        });
        d.RegisterSync(RemoteProcedure.StorageVolLookupByName, static (CallContext c, PoolStringArgs a) =>
            new VolArgs(S(c, "virStorageVolLookupByName").LookupVolume(a.Pool, a.Text)));
        d.RegisterSync(RemoteProcedure.StorageVolLookupByKey, static (CallContext c, StringValue a) =>
            new VolArgs(S(c, "virStorageVolLookupByKey").LookupVolumeByKey(a.Value)));
        d.RegisterSync(RemoteProcedure.StorageVolLookupByPath, static (CallContext c, StringValue a) =>
            new VolArgs(S(c, "virStorageVolLookupByPath").LookupVolumeByPath(a.Value)));
        d.RegisterSync(RemoteProcedure.StorageVolGetPath, static (CallContext c, VolArgs a) =>
        {
            var storage = S(c, "virStorageVolGetPath");
            return new StringValue(storage.LookupVolume(storage.LookupPoolByName(a.Vol.Pool), a.Vol.Name).Key);
        });
        d.Register(RemoteProcedure.StorageVolGetInfo, static async (CallContext c, VolArgs a) =>
        {
            var v = await S(c, "virStorageVolGetInfo").VolumeAsync(a.Vol, c.Cancellation).ConfigureAwait(false);
            return new VolInfoRet((int)Core.Storage.StorageVolType.File, v.Capacity, v.Allocation);
        });
        d.Register(RemoteProcedure.StorageVolGetInfoFlags, static async (CallContext c, VolFlagsArgs a) =>
        {
            var v = await S(c, "virStorageVolGetInfoFlags").VolumeAsync(a.Vol, c.Cancellation).ConfigureAwait(false);
            // VIR_STORAGE_VOL_GET_PHYSICAL: the allocation field carries the file's length instead.
            return new VolInfoRet((int)Core.Storage.StorageVolType.File, v.Capacity, (a.Flags & 1) != 0 ? v.Physical : v.Allocation);
        });
        d.Register(RemoteProcedure.StorageVolResize, static async (CallContext c, VolResizeArgs a) =>
        {
            await S(c, "virStorageVolResize").ResizeVolumeAsync(a.Vol, a.Capacity, (StorageVolResizeFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virStorageVolResize"));
        d.Register(RemoteProcedure.StorageVolGetXmlDesc, static async (CallContext c, VolFlagsArgs a) =>
            new StringValue(Core.Storage.StorageVolXml.Format(await S(c, "virStorageVolGetXMLDesc").VolumeAsync(a.Vol, c.Cancellation).ConfigureAwait(false))));
        d.Register(RemoteProcedure.StorageVolCreateXml, static async (CallContext c, PoolStringFlagsArgs a) =>
            new VolArgs(await S(c, "virStorageVolCreateXML").CreateVolumeAsync(a.Pool, a.Text, (StorageVolCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virStorageVolCreateXML"));
        d.Register(RemoteProcedure.StorageVolCreateXmlFrom, static async (CallContext c, VolCloneArgs a) =>
            new VolArgs(await S(c, "virStorageVolCreateXMLFrom").CloneVolumeAsync(a.Pool, a.Xml, a.Source, (StorageVolCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virStorageVolCreateXMLFrom"));
        // virStorageVolWipe is the zero pattern (libvirt's storageVolWipe calls storageVolWipePattern, whose name its errors carry).
        Change<VolFlagsArgs>(d, RemoteProcedure.StorageVolWipe, "virStorageVolWipe",
            static (s, c, a) => s.WipeVolumeAsync(a.Vol, StorageVolWipeAlgorithm.Zero, a.Flags, c.Cancellation));
        Change<VolWipePatternArgs>(d, RemoteProcedure.StorageVolWipePattern, "virStorageVolWipePattern",
            static (s, c, a) => s.WipeVolumeAsync(a.Vol, (StorageVolWipeAlgorithm)a.Algorithm, a.Flags, c.Cancellation));
        // Upload and download answer the call, then move the bytes as a stream on the call's serial (libvirt's
        // data_read/data_write: refused on read-only connections, download too).
        d.Register(RemoteProcedure.StorageVolDownload, static async (CallContext c, VolTransferArgs a) =>
        {
            var transfer = await S(c, "virStorageVolDownload").OpenDownloadAsync(a.Vol, a.Offset, a.Length, a.Flags, c.Cancellation).ConfigureAwait(false);
            await Attach(c, transfer, DownloadStreamSession.Of(transfer, "a volume download stream")).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virStorageVolDownload") with { OpensStream = true });
        d.Register(RemoteProcedure.StorageVolUpload, static async (CallContext c, VolTransferArgs a) =>
        {
            var transfer = await S(c, "virStorageVolUpload").OpenUploadAsync(a.Vol, a.Offset, a.Length, a.Flags, c.Cancellation).ConfigureAwait(false);
            await Attach(c, transfer, new VolumeUploadSession(transfer)).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virStorageVolUpload") with { OpensStream = true });
        d.Register(RemoteProcedure.StorageVolDelete, static async (CallContext c, VolFlagsArgs a) =>
        {
            await S(c, "virStorageVolDelete").DeleteVolumeAsync(a.Vol, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virStorageVolDelete"));
    }

    /// <summary>Hands the transfer to the connection's stream; if that fails the file is closed (and an upload's volume freed) at once.</summary>
    private static async Task Attach(CallContext c, VolumeTransfer transfer, Drivers.Contracts.IConsoleSession session)
    {
        try
        {
            c.Connection.AttachConsoleStream(c.Header, session);
        }
        catch
        {
            await transfer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void Change(RpcDispatcher d, RemoteProcedure proc, string api, Func<IStoragePools, CallContext, PoolFlagsArgs, Task> change) =>
        Change<PoolFlagsArgs>(d, proc, api, change);

    /// <summary>A pool change with no reply body, refused on read-only connections.</summary>
    private static void Change<TArgs>(RpcDispatcher d, RemoteProcedure proc, string api, Func<IStoragePools, CallContext, TArgs, Task> change)
        where TArgs : Xdr.IXdrRecord<TArgs> =>
        d.Register(proc, async (CallContext c, TArgs a) =>
        {
            await change(S(c, api), c, a).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api));

    private static IStoragePools S(CallContext c, string api) => c.Storage(api);
}
