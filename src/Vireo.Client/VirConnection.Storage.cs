using Vireo.Drivers.Storage;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Storage pools and volumes: lists, lookups, define and create (virsh's pool-* and vol-* commands).</summary>
public sealed partial class VirConnection
{
    /// <summary>CONNECT_LIST_ALL_STORAGE_POOLS with libvirt's filter flags (none: every pool).</summary>
    public async Task<IReadOnlyList<VirStoragePool>> ListStoragePoolsAsync(StoragePoolListFlags flags = StoragePoolListFlags.None, CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<ListAllDomainsArgs, PoolListRet>(RemoteProcedure.ConnectListAllStoragePools, new ListAllDomainsArgs(1, (uint)flags), ct).ConfigureAwait(false);
        return r.Pools.Select(p => new VirStoragePool(this, p)).ToList();
    }

    public async Task<VirStoragePool> LookupStoragePoolAsync(string name, CancellationToken ct = default) =>
        Pool(await Rpc.CallAsync<StringValue, PoolArgs>(RemoteProcedure.StoragePoolLookupByName, new StringValue(name), ct).ConfigureAwait(false));

    public async Task<VirStoragePool> LookupStoragePoolAsync(Guid uuid, CancellationToken ct = default) =>
        Pool(await Rpc.CallAsync<UuidArgs, PoolArgs>(RemoteProcedure.StoragePoolLookupByUuid, new UuidArgs(uuid), ct).ConfigureAwait(false));

    /// <summary>STORAGE_POOL_DEFINE_XML: a persistent, inactive pool.</summary>
    public async Task<VirStoragePool> DefineStoragePoolAsync(string xml, CancellationToken ct = default) =>
        Pool(await Rpc.CallAsync<StringFlagsArgs, PoolArgs>(RemoteProcedure.StoragePoolDefineXml, new StringFlagsArgs(xml, 0), ct).ConfigureAwait(false));

    /// <summary>STORAGE_POOL_CREATE_XML: a transient pool, started at once.</summary>
    public async Task<VirStoragePool> CreateStoragePoolAsync(string xml, StoragePoolCreateFlags flags = StoragePoolCreateFlags.None, CancellationToken ct = default) =>
        Pool(await Rpc.CallAsync<StringFlagsArgs, PoolArgs>(RemoteProcedure.StoragePoolCreateXml, new StringFlagsArgs(xml, (uint)flags), ct).ConfigureAwait(false));

    /// <summary>STORAGE_VOL_LOOKUP_BY_KEY (a directory pool's key is the file's path).</summary>
    public async Task<VirStorageVol> LookupStorageVolByKeyAsync(string key, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringValue, VolArgs>(RemoteProcedure.StorageVolLookupByKey, new StringValue(key), ct).ConfigureAwait(false)).Vol);

    public async Task<VirStorageVol> LookupStorageVolByPathAsync(string path, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringValue, VolArgs>(RemoteProcedure.StorageVolLookupByPath, new StringValue(path), ct).ConfigureAwait(false)).Vol);

    private VirStoragePool Pool(PoolArgs r) => new(this, r.Pool);
}
