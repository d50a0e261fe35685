using Vireo.Core.Errors;
using Vireo.Core.Storage;
using Vireo.Drivers.Storage;

namespace Vireo.Web.Api;

/// <summary>
/// Pool and volume objects from the storage driver: pools from memory, volumes as the driver reports them now.
/// </summary>
public sealed class PoolViews(IStoragePools pools) : SharedObjectViews<StoragePoolRef, PoolView>(VirErrorCode.NoStoragePool)
{
    public IStoragePools Driver => pools;

    /// <summary>virsh pool-list's word for a pool state: libvirt's names are the enum's, in lower case.</summary>
    public static string StateWord(StoragePoolState state) => state.ToString().ToLowerInvariant();

    /// <summary>virsh vol-list --details' word for a volume type ("file", "netdir"): the enum's name in lower case.</summary>
    public static string TypeWord(StorageVolType type) => type.ToString().ToLowerInvariant();

    /// <summary>The pure part: a pool object from its reference and info.</summary>
    public static PoolView From(StoragePoolRef p, StoragePoolInfo info) => new(
        p.Name, p.Uuid, StateWord(info.State), (int)info.State, info.Persistent, info.Autostart,
        info.Sizes.Capacity, info.Sizes.Allocation, info.Sizes.Available);

    /// <summary>The pure part: a volume object from the driver's report (a directory pool's volumes are files).</summary>
    public static VolumeView From(StorageVolReport v) => new(
        v.Name, v.Path, TypeWord(StorageVolType.File), v.Format.ToString().ToLowerInvariant(), v.Capacity, v.Allocation);

    /// <summary>One pool by name; libvirt's VIR_ERR_NO_STORAGE_POOL when there is none.</summary>
    public PoolView Get(string name) => Build(pools.LookupPoolByName(name));

    /// <summary>The volumes of a pool, sorted by name (libvirt refuses for an inactive pool, with its sentence).</summary>
    public async Task<IReadOnlyList<VolumeView>> VolumesAsync(string poolName, CancellationToken ct)
    {
        var pool = pools.LookupPoolByName(poolName);
        var list = new List<VolumeView>();
        foreach (var v in pools.ListVolumes(pool).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            try
            {
                list.Add(From(await pools.VolumeAsync(v, ct).ConfigureAwait(false)));
            }
            catch (VirException e) when (e.Code == VirErrorCode.NoStorageVol)
            {
                // Deleted between the listing and the read: it is no longer a volume of the pool.
            }
        }
        return list;
    }

    protected override Guid UuidOf(StoragePoolRef r) => r.Uuid;
    protected override string NameOf(StoragePoolRef r) => r.Name;
    protected override IEnumerable<StoragePoolRef> All() => pools.ListPools(StoragePoolListFlags.None);
    protected override StoragePoolRef Current(StoragePoolRef r) => pools.LookupPoolByUuid(r.Uuid);
    protected override PoolView Describe(StoragePoolRef r) => From(r, pools.PoolInfo(r));

    protected override PoolView Inactive(StoragePoolRef r, PoolView? last) =>
        (last ?? new PoolView(r.Name, r.Uuid, "inactive", 0, false, false, 0, 0, 0)) with
        {
            State = "inactive", StateCode = (int)StoragePoolState.Inactive, Capacity = 0, Allocation = 0, Available = 0,
        };
}
