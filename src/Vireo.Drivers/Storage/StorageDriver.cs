using Microsoft.Extensions.Logging;
using Vireo.Core.Storage;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Storage;

/// <summary>
/// Directory storage pools and their volumes (libvirt's storage driver for type='dir'). One instance per
/// Vireo instance, shared by its QEMU and container connections. Changes run one at a time behind a gate
/// and are persisted (<see cref="StoragePoolStore"/>) before they are visible; reads take the lock only to
/// copy references. Effects go through <see cref="IStorageHost"/>.
/// </summary>
public sealed partial class StorageDriver : IStoragePools
{
    private readonly StoragePoolStore _store;
    private readonly IStorageHost _host;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private readonly List<StoragePoolObject> _pools = [];

    public StorageDriver(StoragePoolStore store, IStorageHost host, ILogger log)
    {
        _store = store;
        _host = host;
        _log = log;
    }

    public event Action<StoragePoolEvent>? Changed;

    /// <summary>
    /// Loads the definitions, takes back the pools that were active (when their directory is still there),
    /// then starts the autostart ones. A pool that cannot start is logged and left inactive.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _store.EnsureDirectories();
        var errors = new List<string>();
        foreach (var def in _store.LoadConfigs(errors))
            _pools.Add(new StoragePoolObject(def, persistent: true) { Autostart = _store.IsAutostart(def.Name) });
        foreach (var live in _store.LoadActive(errors))
        {
            var pool = _pools.Find(p => p.Def.Uuid == live.Uuid);
            if (pool is null) _pools.Add(pool = new StoragePoolObject(live, persistent: false));
            else if (pool.Def != live) (pool.NextDef, pool.Def) = (pool.Def, live);
            try
            {
                pool.Volumes = Scan(pool.Def, ct);
                pool.Active = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Errors.VirException)
            {
                _log.LogWarning("Storage pool '{Pool}' was active but cannot be read now, so it is inactive: {Error}", live.Name, e.Message);
                _store.RemoveActive(live.Name);
                pool.ApplyNextDef();
                if (!pool.Persistent) _pools.Remove(pool);
            }
        }
        foreach (var e in errors) _log.LogError("Storage pool file skipped: {Error}", e);
        foreach (var pool in _pools.Where(p => p.Autostart && !p.Active).ToList())
        {
            try
            {
                await StartPoolAsync(pool.Ref, StoragePoolCreateFlags.None, ct).ConfigureAwait(false);
                _log.LogInformation("Storage pool '{Pool}' autostarted", pool.Def.Name);
            }
            catch (Core.Errors.VirException e)
            {
                _log.LogError("Storage pool '{Pool}' could not be autostarted: {Error}", pool.Def.Name, e.Message);
            }
        }
    }

    public IReadOnlyList<StoragePoolRef> ListPools(StoragePoolListFlags flags)
    {
        lock (_sync)
            return _pools.Where(p => Matches(p, flags)).Select(p => p.Ref).ToList();
    }

    /// <summary>libvirt's filter: within each pair of opposite bits, none set means either; a type filter without DIR matches nothing.</summary>
    private static bool Matches(StoragePoolObject p, StoragePoolListFlags f)
    {
        bool Pair(StoragePoolListFlags yes, StoragePoolListFlags no, bool value) => ListFilter.OppositePair((ulong)f, (ulong)yes, (ulong)no, value);
        return Pair(StoragePoolListFlags.Active, StoragePoolListFlags.Inactive, p.Active)
            && Pair(StoragePoolListFlags.Persistent, StoragePoolListFlags.Transient, p.Persistent)
            && Pair(StoragePoolListFlags.Autostart, StoragePoolListFlags.NoAutostart, p.Autostart)
            && ((f & StoragePoolListFlags.AllTypes) == 0 || (f & StoragePoolListFlags.Dir) != 0);
    }

    public StoragePoolRef LookupPoolByName(string name) => FindByName(name).Ref;

    public StoragePoolRef LookupPoolByUuid(Guid uuid)
    {
        lock (_sync) return (_pools.Find(p => p.Def.Uuid == uuid) ?? throw StorageErrors.NoPoolByUuid(uuid)).Ref;
    }

    public StoragePoolRef LookupPoolByTargetPath(string path)
    {
        var clean = StoragePoolXml.CleanPath(path);
        lock (_sync) return (_pools.Find(p => p.Def.TargetPath == clean) ?? throw StorageErrors.NoPoolByTargetPath(clean)).Ref;
    }

    public StoragePoolRef LookupPoolByVolume(StorageVolRef vol) => FindByName(vol.Pool).Ref;

    public StoragePoolInfo PoolInfo(StoragePoolRef pool)
    {
        var p = Find(pool);
        lock (_sync)
            return new StoragePoolInfo(p.Active ? StoragePoolState.Running : StoragePoolState.Inactive, p.Active ? Sizes(p.Def) : p.LastSizes, p.Persistent, p.Autostart);
    }

    public string PoolXml(StoragePoolRef pool, bool inactive)
    {
        var p = Find(pool);
        StoragePoolDef def;
        bool active;
        lock (_sync) (def, active) = (inactive && p.NextDef is { } next ? next : p.Def, p.Active);
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
    private StoragePoolObject Find(StoragePoolRef pool)
    {
        lock (_sync) return _pools.Find(p => p.Def.Uuid == pool.Uuid) ?? throw StorageErrors.NoPoolByUuid(pool.Uuid, pool.Name);
    }

    private StoragePoolObject FindByName(string name)
    {
        lock (_sync) return _pools.Find(p => p.Def.Name == name) ?? throw StorageErrors.NoPoolByName(name);
    }

    private void Raise(StoragePoolRef pool, StoragePoolEventType? type)
    {
        try { Changed?.Invoke(new StoragePoolEvent(pool, type)); }
        catch (Exception e) { _log.LogError(e, "A storage pool event handler failed"); }
    }
}
