using Microsoft.Extensions.Logging;
using Vireo.Core.Storage;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Storage;

/// <summary>
/// Directory storage pools and their volumes (libvirt's storage driver for type='dir'). One instance per
/// Vireo instance, shared by its QEMU and container connections. Changes run one at a time behind a gate
/// and are persisted (<see cref="StoragePoolStore"/>) before they are visible; reads take the lock only to
/// copy references (<see cref="DefinedObjects{TObj,TDef}"/>). Effects go through <see cref="IStorageHost"/>.
/// </summary>
public sealed partial class StorageDriver : IStoragePools
{
    private static readonly DefinedListBits ListBits = new(
        (ulong)StoragePoolListFlags.Active, (ulong)StoragePoolListFlags.Inactive, (ulong)StoragePoolListFlags.Persistent,
        (ulong)StoragePoolListFlags.Transient, (ulong)StoragePoolListFlags.Autostart, (ulong)StoragePoolListFlags.NoAutostart);

    private readonly DefinedObjects<StoragePoolObject, StoragePoolDef> _pools;
    private readonly StoragePoolStore _store;
    private readonly IStorageHost _host;
    private readonly ILogger _log;

    public StorageDriver(StoragePoolStore store, IStorageHost host, ILogger log)
    {
        _pools = new(store, (def, persistent) => new StoragePoolObject(def, persistent), "Storage pool", log);
        _store = store;
        _host = host;
        _log = log;
    }

    public event Action<StoragePoolEvent>? Changed;

    /// <summary>
    /// Loads the definitions, takes back the pools that were active (when their directory can still be read),
    /// then starts the autostart ones. A pool that cannot start is logged and left inactive.
    /// </summary>
    public Task StartAsync(CancellationToken ct) => _pools.LoadAsync(
        (pool, ct) =>
        {
            try
            {
                pool.Volumes = Scan(pool.Def, ct);
                return Task.FromResult<string?>(null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Errors.VirException)
            {
                return Task.FromResult<string?>($"it cannot be read now ({e.Message})");
            }
        },
        (pool, ct) => StartPoolAsync(pool.Ref, StoragePoolCreateFlags.None, ct), ct);

    /// <summary>libvirt's filter: the pairs every kind has, and a type filter without DIR matches nothing.</summary>
    public IReadOnlyList<StoragePoolRef> ListPools(StoragePoolListFlags flags) =>
        _pools.List((ulong)flags, ListBits, _ => (flags & StoragePoolListFlags.AllTypes) == 0 || (flags & StoragePoolListFlags.Dir) != 0)
            .Select(p => p.Ref).ToList();

    public StoragePoolRef LookupPoolByName(string name) => FindByName(name).Ref;

    public StoragePoolRef LookupPoolByUuid(Guid uuid) => _pools.FindByUuid(uuid, () => StorageErrors.NoPoolByUuid(uuid)).Ref;

    public StoragePoolRef LookupPoolByTargetPath(string path)
    {
        var clean = StoragePoolXml.CleanPath(path);
        return (_pools.Find(p => p.Def.TargetPath == clean) ?? throw StorageErrors.NoPoolByTargetPath(clean)).Ref;
    }

    public StoragePoolRef LookupPoolByVolume(StorageVolRef vol) => FindByName(vol.Pool).Ref;

    public StoragePoolInfo PoolInfo(StoragePoolRef pool)
    {
        var p = Find(pool);
        lock (_pools.Sync)
            return new StoragePoolInfo(p.Active ? StoragePoolState.Running : StoragePoolState.Inactive, p.Active ? Sizes(p.Def) : p.LastSizes, p.Persistent, p.Autostart);
    }

    public string PoolXml(StoragePoolRef pool, bool inactive)
    {
        var p = Find(pool);
        StoragePoolDef def;
        bool active;
        lock (_pools.Sync) (def, active) = (inactive && p.NextDef is { } next ? next : p.Def, p.Active);
        if (!active) return StoragePoolXml.Format(def, p.LastSizes, p.LastDirectory);
        return StoragePoolXml.Format(def, Sizes(def), Facts(_host.Stat(def.TargetPath)));
    }

    private StoragePoolSizes Sizes(StoragePoolDef def)
    {
        try
        {
            var u = _host.Usage(def.TargetPath);
            return new StoragePoolSizes(u.Capacity, u.Allocation, u.Available);
        }
        catch (IOException)
        {
            return default; // the directory went away under an active pool: libvirt shows zeros too until a refresh fails
        }
    }

    internal static StorageFileFacts? Facts(Platform.Files.FileStatus? s) => s is null ? null
        : new StorageFileFacts(s.Permissions, s.Uid, s.Gid, StorageVolXml.Timestamp(s.Access.Seconds, s.Access.Nanoseconds),
            StorageVolXml.Timestamp(s.Modify.Seconds, s.Modify.Nanoseconds), StorageVolXml.Timestamp(s.Change.Seconds, s.Change.Nanoseconds));

    /// <summary>The pool the wire names: by uuid, as libvirt's storagePoolObjFindByUUID ("... matching uuid 'U' (NAME)").</summary>
    private StoragePoolObject Find(StoragePoolRef pool) => _pools.FindByUuid(pool.Uuid, () => StorageErrors.NoPoolByUuid(pool.Uuid, pool.Name));

    private StoragePoolObject FindByName(string name) => _pools.FindByName(name, () => StorageErrors.NoPoolByName(name));

    private void Raise(StoragePoolRef pool, StoragePoolEventType? type) => _pools.Publish(Changed, new StoragePoolEvent(pool, type));
}
