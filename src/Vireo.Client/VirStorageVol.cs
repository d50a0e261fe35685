using Vireo.Core.Storage;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virStorageVolGetInfo: the volume's type and sizes in bytes.</summary>
public readonly record struct VirStorageVolInfo(StorageVolType Type, ulong Capacity, ulong Allocation);

/// <summary>A storage volume as a connection sees it (virStorageVolPtr): its pool's name, its name and its key.</summary>
public sealed class VirStorageVol
{
    internal VirStorageVol(VirConnection connection, StorageVolRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public StorageVolRef Ref { get; }
    public string Name => Ref.Name;
    public string Key => Ref.Key;
    public string PoolName => Ref.Pool;

    private VolArgs Args => new(Ref);

    public async Task<VirStorageVolInfo> GetInfoAsync(CancellationToken ct = default)
    {
        var r = await Connection.Rpc.CallAsync<VolArgs, VolInfoRet>(RemoteProcedure.StorageVolGetInfo, Args, ct).ConfigureAwait(false);
        return new VirStorageVolInfo((StorageVolType)r.Type, r.Capacity, r.Allocation);
    }

    public async Task<string> GetXmlDescAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<VolFlagsArgs, StringValue>(RemoteProcedure.StorageVolGetXmlDesc, new VolFlagsArgs(Ref, 0), ct).ConfigureAwait(false)).Value;

    public async Task<string> GetPathAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<VolArgs, StringValue>(RemoteProcedure.StorageVolGetPath, Args, ct).ConfigureAwait(false)).Value;

    /// <summary>STORAGE_POOL_LOOKUP_BY_VOLUME: the pool holding this volume.</summary>
    public async Task<VirStoragePool> GetPoolAsync(CancellationToken ct = default) =>
        new(Connection, (await Connection.Rpc.CallAsync<VolArgs, PoolArgs>(RemoteProcedure.StoragePoolLookupByVolume, Args, ct).ConfigureAwait(false)).Pool);

    public Task DeleteAsync(CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.StorageVolDelete, new VolFlagsArgs(Ref, 0), ct);

    /// <summary>STORAGE_VOL_RESIZE: capacity in bytes (with Delta, the change).</summary>
    public Task ResizeAsync(ulong capacity, StorageVolResizeFlags flags = StorageVolResizeFlags.None, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.StorageVolResize, new VolResizeArgs(Ref, capacity, (uint)flags), ct);

    /// <summary>STORAGE_VOL_WIPE (zeroes) or STORAGE_VOL_WIPE_PATTERN for another algorithm.</summary>
    public Task WipeAsync(StorageVolWipeAlgorithm algorithm = StorageVolWipeAlgorithm.Zero, CancellationToken ct = default) =>
        algorithm == StorageVolWipeAlgorithm.Zero
            ? Connection.Rpc.CallVoidAsync(RemoteProcedure.StorageVolWipe, new VolFlagsArgs(Ref, 0), ct)
            : Connection.Rpc.CallVoidAsync(RemoteProcedure.StorageVolWipePattern, new VolWipePatternArgs(Ref, (uint)algorithm, 0), ct);
}
