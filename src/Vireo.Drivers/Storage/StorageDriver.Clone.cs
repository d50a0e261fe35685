using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

// vol-clone and vol-wipe. A clone copies outside the write gate (a large disk must not hold up every other
// pool change): its source is marked in use and its pools busy, so nothing deletes, wipes, resizes or
// stops them meanwhile, as libvirt's in_use and asyncjobs counters do.
public sealed partial class StorageDriver
{
    /// <summary>Files a running clone reads (with a count: one source may feed several clones) or writes.</summary>
    private readonly Dictionary<string, int> _busyFiles = new(StringComparer.Ordinal);
    /// <summary>Pools (by uuid) with a clone running into or out of them.</summary>
    private readonly Dictionary<Guid, int> _busyPools = [];

    public async Task<StorageVolRef> CloneVolumeAsync(StoragePoolRef pool, string xml, StorageVolRef source, StorageVolCreateFlags flags, CancellationToken ct)
    {
        var unknown = flags & ~(StorageVolCreateFlags.PreallocMetadata | StorageVolCreateFlags.Reflink);
        if (unknown != 0) throw StorageErrors.InvalidArg($"unsupported flags (0x{(uint)unknown:x}) in function storageVolCreateXMLFrom");
        StoragePoolObject target, from;
        VolumeEntry orig;
        StorageVolDef def;
        string path;
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // libvirt's order: the target pool, the source pool, both active, the source volume, then the XML.
            target = Find(pool);
            from = FindByName(source.Pool);
            if (!target.Active) throw StorageErrors.NotActive(target.Def.Name);
            if (!from.Active) throw StorageErrors.NotActive(from.Def.Name);
            lock (_pools.Sync)
                orig = from.Volumes.TryGetValue(source.Name, out var o) ? o : throw StorageErrors.NoVolByName(source.Name);
            def = StorageVolXml.Parse(xml, forClone: true) with { PreallocateMetadata = (flags & StorageVolCreateFlags.PreallocMetadata) != 0 };
            StorageVolXml.CheckCreatable(def);
            CheckCloneSource(orig.Path, def);
            path = Path.Combine(target.Def.TargetPath, def.Name);
            lock (_pools.Sync)
                if (target.Volumes.ContainsKey(def.Name) || _busyFiles.ContainsKey(path))
                    throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Storage, $"storage volume name '{def.Name}' already in use.");
            if (_host.Stat(path) is not null) throw StorageErrors.VolExists(def.Name);
            // The clone is at least as large as its source (libvirt takes the larger of the two).
            var now = await VolumeAsync(source, ct).ConfigureAwait(false);
            var capacity = Math.Max(def.Capacity, now.Capacity);
            def = def with { Capacity = capacity, Allocation = Math.Min(def.Allocation, capacity) };
            MarkBusy(orig.Path, path, target, from, +1);
            try
            {
                return await CopyAsync(target, orig, now.Format, path, def, (flags & StorageVolCreateFlags.Reflink) != 0, ct).ConfigureAwait(false);
            }
            finally
            {
                MarkBusy(orig.Path, path, target, from, -1);
            }
        }
        finally { _pools.Gate.Release(); }
    }

    /// <summary>The copy itself runs with the gate released; the new volume is listed under the gate again.</summary>
    private async Task<StorageVolRef> CopyAsync(StoragePoolObject target, VolumeEntry orig, VolumeFormat sourceFormat, string path, StorageVolDef def,
        bool reflink, CancellationToken ct)
    {
        _pools.Gate.Release();
        try
        {
            _log.LogInformation("Cloning volume '{Source}' into '{Target}' ({Format}, {Capacity} bytes)", orig.Path, path, StorageVolXml.FormatName(def.Format), def.Capacity);
            try
            {
                await _host.CloneImageAsync(orig.Path, sourceFormat, path, def, reflink, ct).ConfigureAwait(false);
            }
            catch (IOException e) when (e is not FileNotFoundException)
            {
                throw _host.Stat(path) is not null ? StorageErrors.VolExists(def.Name) : StorageErrors.System($"cannot create storage volume '{path}': {e.Message}");
            }
        }
        finally
        {
            await _pools.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var entry = new VolumeEntry(def.Name, path, _host.Probe(path));
        lock (_pools.Sync) target.Volumes = new SortedDictionary<string, VolumeEntry>(target.Volumes.ToDictionary(), StringComparer.Ordinal) { [def.Name] = entry };
        _log.LogInformation("Volume '{Volume}' cloned into storage pool '{Pool}' from '{Source}'", def.Name, target.Def.Name, orig.Path);
        return target.VolRef(entry);
    }

    private void MarkBusy(string source, string target, StoragePoolObject into, StoragePoolObject from, int delta)
    {
        static void Count<TKey>(Dictionary<TKey, int> map, TKey key, int delta) where TKey : notnull
        {
            var n = map.GetValueOrDefault(key) + delta;
            if (n > 0) map[key] = n;
            else map.Remove(key);
        }
        lock (_pools.Sync)
        {
            Count(_busyFiles, source, delta);
            Count(_busyFiles, target, delta);
            Count(_busyPools, into.Def.Uuid, delta);
            Count(_busyPools, from.Def.Uuid, delta);
        }
    }

    /// <summary>libvirt refuses to delete, wipe or resize a volume a clone reads: "volume 'NAME' is still in use."</summary>
    private void CheckNotInUse(VolumeEntry v)
    {
        lock (_pools.Sync)
            if (_busyFiles.ContainsKey(v.Path)) throw StorageErrors.Invalid($"volume '{v.Name}' is still in use.");
    }

    /// <summary>libvirt refuses to stop or delete a pool while a clone runs into or out of it.</summary>
    private void CheckNoJobs(StoragePoolObject p)
    {
        lock (_pools.Sync)
            if (_busyPools.ContainsKey(p.Def.Uuid))
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Storage, $"pool '{p.Def.Name}' has asynchronous jobs running.");
    }

    public async Task WipeVolumeAsync(StorageVolRef vol, StorageVolWipeAlgorithm algorithm, uint flags, CancellationToken ct)
    {
        // libvirt 9.0's checks in its order and words (checked against libvirtd).
        if (flags != 0) throw StorageErrors.InvalidArg($"unsupported flags (0x{flags:x}) in function storageVolWipePattern");
        if ((uint)algorithm > (uint)StorageVolWipeAlgorithm.Trim) throw StorageErrors.InvalidArg($"wiping algorithm {(uint)algorithm} not supported");
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (p, v) = FindVolume(vol);
            CheckNotInUse(v);
            try
            {
                switch (algorithm)
                {
                    case StorageVolWipeAlgorithm.Zero:
                        await _host.WipeZeroAsync(v.Path, ct).ConfigureAwait(false);
                        break;
                    case StorageVolWipeAlgorithm.Trim:
                        throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Storage, "'trim' algorithm not supported");
                    default:
                        await _host.ScrubAsync(v.Path, algorithm.ToString().ToLowerInvariant(), ct).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw StorageErrors.System($"Failed to open storage volume with path '{v.Path}': {e.Message}");
            }
            // A wiped qcow2 is zeros now: libvirt's refresh then lists it as raw, and so does the next read here.
            var entry = v with { Facts = _host.Probe(v.Path) };
            lock (_pools.Sync) p.Volumes = new SortedDictionary<string, VolumeEntry>(p.Volumes.ToDictionary(), StringComparer.Ordinal) { [v.Name] = entry };
            _log.LogInformation("Volume '{Volume}' of storage pool '{Pool}' wiped ({Algorithm})", v.Name, p.Def.Name, algorithm);
        }
        finally { _pools.Gate.Release(); }
    }
}
