using Vireo.Core.Storage;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virStoragePoolGetInfo: the pool's state and sizes in bytes (the sizes are 0 while inactive).</summary>
public readonly record struct VirStoragePoolInfo(StoragePoolState State, ulong Capacity, ulong Allocation, ulong Available);

/// <summary>
/// A storage pool as a connection sees it (virStoragePoolPtr): its name and UUID. Calls go to the daemon with
/// both, as libvirt's remote driver sends them; errors are the daemon's <see cref="Core.Errors.VirException"/>.
/// </summary>
public sealed class VirStoragePool
{
    internal VirStoragePool(VirConnection connection, StoragePoolRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public StoragePoolRef Ref { get; }
    public string Name => Ref.Name;
    public Guid Uuid => Ref.Uuid;

    private PoolArgs Args => new(Ref);
    private PoolFlagsArgs Flags(uint flags) => new(Ref, flags);

    public async Task<VirStoragePoolInfo> GetInfoAsync(CancellationToken ct = default)
    {
        var r = await Connection.Rpc.CallAsync<PoolArgs, PoolInfoRet>(RemoteProcedure.StoragePoolGetInfo, Args, ct).ConfigureAwait(false);
        return new VirStoragePoolInfo((StoragePoolState)r.State, r.Capacity, r.Allocation, r.Available);
    }

    /// <summary>STORAGE_POOL_GET_XML_DESC; inactive: the definition the next start uses.</summary>
    public async Task<string> GetXmlDescAsync(bool inactive = false, CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<PoolFlagsArgs, StringValue>(RemoteProcedure.StoragePoolGetXmlDesc, Flags(inactive ? 1u : 0u), ct).ConfigureAwait(false)).Value;

    public async Task<bool> GetAutostartAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.StoragePoolGetAutostart, ct).ConfigureAwait(false) != 0;
    public async Task<bool> IsActiveAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.StoragePoolIsActive, ct).ConfigureAwait(false) != 0;
    public async Task<bool> IsPersistentAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.StoragePoolIsPersistent, ct).ConfigureAwait(false) != 0;

    public Task SetAutostartAsync(bool autostart, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolSetAutostart, new PoolIntArgs(Ref, autostart ? 1 : 0), ct);

    /// <summary>STORAGE_POOL_CREATE: starts the defined pool (pool-start).</summary>
    public Task StartAsync(StoragePoolCreateFlags flags = StoragePoolCreateFlags.None, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolCreate, Flags((uint)flags), ct);

    /// <summary>STORAGE_POOL_BUILD: makes the pool's target directory.</summary>
    public Task BuildAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolBuild, Flags(0), ct);

    /// <summary>STORAGE_POOL_DESTROY: stops the pool (its files stay; a transient pool is gone).</summary>
    public Task DestroyAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolDestroy, Args, ct);

    /// <summary>STORAGE_POOL_DELETE: removes the inactive pool's (empty) target directory.</summary>
    public Task DeleteAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolDelete, Flags(0), ct);

    public Task UndefineAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolUndefine, Args, ct);

    /// <summary>STORAGE_POOL_REFRESH: re-reads the target directory's volumes.</summary>
    public Task RefreshAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.StoragePoolRefresh, Flags(0), ct);

    /// <summary>STORAGE_POOL_LIST_ALL_VOLUMES.</summary>
    public async Task<IReadOnlyList<VirStorageVol>> ListVolumesAsync(CancellationToken ct = default)
    {
        var r = await Connection.Rpc.CallAsync<PoolIntFlagsArgs, VolListRet>(RemoteProcedure.StoragePoolListAllVolumes, new PoolIntFlagsArgs(Ref, 1, 0), ct).ConfigureAwait(false);
        return r.Vols.Select(v => new VirStorageVol(Connection, v)).ToList();
    }

    /// <summary>STORAGE_VOL_LOOKUP_BY_NAME in this pool.</summary>
    public async Task<VirStorageVol> LookupVolumeAsync(string name, CancellationToken ct = default) =>
        new(Connection, (await Connection.Rpc.CallAsync<PoolStringArgs, VolArgs>(RemoteProcedure.StorageVolLookupByName, new PoolStringArgs(Ref, name), ct).ConfigureAwait(false)).Vol);

    /// <summary>STORAGE_VOL_CREATE_XML: a new volume from its XML.</summary>
    public async Task<VirStorageVol> CreateVolumeAsync(string xml, StorageVolCreateFlags flags = StorageVolCreateFlags.None, CancellationToken ct = default) =>
        new(Connection, (await Connection.Rpc.CallAsync<PoolStringFlagsArgs, VolArgs>(RemoteProcedure.StorageVolCreateXml, new PoolStringFlagsArgs(Ref, xml, (uint)flags), ct).ConfigureAwait(false)).Vol);

    /// <summary>STORAGE_VOL_CREATE_XML_FROM: a new volume in this pool holding a copy of <paramref name="source"/>.</summary>
    public async Task<VirStorageVol> CloneVolumeAsync(string xml, VirStorageVol source, StorageVolCreateFlags flags = StorageVolCreateFlags.None, CancellationToken ct = default) =>
        new(Connection, (await Connection.Rpc.CallAsync<VolCloneArgs, VolArgs>(RemoteProcedure.StorageVolCreateXmlFrom, new VolCloneArgs(Ref, xml, source.Ref, (uint)flags), ct).ConfigureAwait(false)).Vol);

    private async Task<int> IntAsync(RemoteProcedure proc, CancellationToken ct) =>
        (await Connection.Rpc.CallAsync<PoolArgs, IntValue>(proc, Args, ct).ConfigureAwait(false)).Value;
}
