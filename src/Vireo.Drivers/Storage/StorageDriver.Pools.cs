using Microsoft.Extensions.Logging;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

// Pool lifecycle: define, create (transient), start, build, destroy, undefine, autostart, refresh.
// Each change holds the write gate, touches the disk first and the in-memory state last, so a failure
// leaves both as they were.
public sealed partial class StorageDriver
{
    public async Task<StoragePoolRef> DefinePoolAsync(string xml, CancellationToken ct)
    {
        var def = StoragePoolXml.Parse(xml);
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = CheckConflicts(def);
            await _store.SaveConfigAsync(def, ct).ConfigureAwait(false);
            _pools.Defined(existing, def);
            Raise(new StoragePoolRef(def.Name, def.Uuid), StoragePoolEventType.Defined);
            return new StoragePoolRef(def.Name, def.Uuid);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task<StoragePoolRef> CreatePoolAsync(string xml, StoragePoolCreateFlags flags, CancellationToken ct)
    {
        var def = StoragePoolXml.Parse(xml);
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (CheckConflicts(def) is { } existing)
                throw existing.Active ? StorageErrors.AlreadyActive(def.Name) : StorageErrors.PoolExists(def.Name, def.Uuid);
            var pool = new StoragePoolObject(def, persistent: false);
            await ActivateAsync(pool, flags, ct).ConfigureAwait(false);
            _pools.Add(pool);
            Raise(pool.Ref, StoragePoolEventType.Started);
            return pool.Ref;
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task StartPoolAsync(StoragePoolRef pool, StoragePoolCreateFlags flags, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (p.Active) throw StorageErrors.AlreadyActive(p.Def.Name);
            await ActivateAsync(p, flags, ct).ConfigureAwait(false);
            Raise(p.Ref, StoragePoolEventType.Started);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task BuildPoolAsync(StoragePoolRef pool, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (p.Active) throw StorageErrors.AlreadyActive(p.Def.Name);
            Build(p.Def);
            Raise(p.Ref, StoragePoolEventType.Created);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task DestroyPoolAsync(StoragePoolRef pool, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            CheckNoJobs(p);
            var name = p.Ref;
            var (sizes, directory) = (Sizes(p.Def), Facts(_host.Stat(p.Def.TargetPath)));
            _pools.Stopped(p, p =>
            {
                (p.LastSizes, p.LastDirectory) = p.NextDef is null ? (sizes, directory) : (default, null);
                p.Volumes = new SortedDictionary<string, VolumeEntry>(StringComparer.Ordinal);
            });
            Raise(name, StoragePoolEventType.Stopped);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task UndefinePoolAsync(StoragePoolRef pool, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (p.Active) throw StorageErrors.StillActive(p.Def.Name);
            if (!p.Persistent) throw StorageErrors.NotPersistent(p.Def.Name);
            _pools.Undefined(p);
            Raise(p.Ref, StoragePoolEventType.Undefined);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task DeletePoolAsync(StoragePoolRef pool, uint flags, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (p.Active) throw StorageErrors.StillActive(p.Def.Name);
            CheckNoJobs(p);
            // libvirt checks the flags in the dir backend, after the pool's state (its words name that function).
            if (flags != 0) throw StorageErrors.InvalidArg($"unsupported flags (0x{flags:x}) in function virStorageBackendDeleteLocal");
            try
            {
                _host.RemoveEmptyDirectory(p.Def.TargetPath);
            }
            catch (Platform.Native.PlatformException e)
            {
                // "Directory not empty": the files stay, as with libvirt (a dir pool's delete never removes a volume).
                throw new Core.Errors.VirException(Core.Errors.VirErrorCode.SystemError, Core.Errors.VirErrorDomain.Storage,
                    $"failed to remove pool '{p.Def.TargetPath}': {Platform.Files.FileClone.ErrnoText(e.Errno)}");
            }
            _log.LogInformation("Storage pool '{Pool}' deleted: its directory {Path} is removed", p.Def.Name, p.Def.TargetPath);
            Raise(p.Ref, StoragePoolEventType.Deleted);
        }
        finally { _pools.Gate.Release(); }
    }

    public Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart, CancellationToken ct) =>
        _pools.SetAutostartAsync(() => Find(pool), autostart, _ => StorageErrors.NoConfigFile(), ct);

    public async Task RefreshPoolAsync(StoragePoolRef pool, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            var volumes = Scan(p.Def, ct);
            lock (_pools.Sync) p.Volumes = volumes;
            Raise(p.Ref, null);
        }
        finally { _pools.Gate.Release(); }
    }

    /// <summary>Start: (build,) check the directory, list its volumes, write the active mark, then flip the state.</summary>
    private async Task ActivateAsync(StoragePoolObject p, StoragePoolCreateFlags flags, CancellationToken ct)
    {
        if ((flags & (StoragePoolCreateFlags.WithBuild | StoragePoolCreateFlags.WithBuildOverwrite | StoragePoolCreateFlags.WithBuildNoOverwrite)) != 0)
            Build(p.Def);
        var volumes = Scan(p.Def, ct);
        await _store.SaveActiveAsync(p.Def, ct).ConfigureAwait(false);
        lock (_pools.Sync)
        {
            p.Volumes = volumes;
            p.Active = true;
        }
        _log.LogInformation("Storage pool '{Pool}' started on {Path} with {Count} volumes", p.Def.Name, p.Def.TargetPath, volumes.Count);
    }

    private void Build(StoragePoolDef def)
    {
        try
        {
            // libvirt builds a dir pool's directory with mode 0711 unless the XML gives one.
            _host.CreateDirectory(def.TargetPath, def.Permissions?.Mode ?? (_host.Stat(def.TargetPath) is null ? 0x1c9u : null));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"cannot create path '{def.TargetPath}': {e.Message}");
        }
    }

    /// <summary>The regular files of the pool's directory, each one's header read in-process (libvirt's refresh; no qemu-img per volume).</summary>
    private IReadOnlyDictionary<string, VolumeEntry> Scan(StoragePoolDef def, CancellationToken ct)
    {
        if (_host.Stat(def.TargetPath) is not { IsDirectory: true })
            throw StorageErrors.System($"cannot open directory '{def.TargetPath}': No such file or directory");
        IReadOnlyList<string> names;
        try { names = _host.ListFiles(def.TargetPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"cannot open directory '{def.TargetPath}': {e.Message}");
        }
        var volumes = new SortedDictionary<string, VolumeEntry>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.Combine(def.TargetPath, name);
            volumes[name] = new VolumeEntry(name, path, _host.Probe(path));
        }
        return volumes;
    }

    /// <summary>
    /// libvirt's define/create checks: a name taken by another uuid, a uuid taken by another name, a
    /// directory another pool uses. Returns the pool this definition replaces (same name and uuid), if any.
    /// </summary>
    private StoragePoolObject? CheckConflicts(StoragePoolDef def)
    {
        var byName = _pools.CheckNameAndUuid(def, uuid => StorageErrors.PoolExists(def.Name, uuid), name => StorageErrors.PoolUuidTaken(def.Uuid, name));
        var byPath = _pools.Find(p => p != byName && p.Def.TargetPath == def.TargetPath);
        if (byPath is not null) throw StorageErrors.SourceConflict(byPath.Def.Name);
        return byName;
    }
}
