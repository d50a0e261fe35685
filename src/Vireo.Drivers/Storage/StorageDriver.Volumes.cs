using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

// Volumes: the files of an active pool's directory. Lookups answer from the last scan (libvirt's cache);
// info and XML read the file again; create and delete change the file and then the cache.
public sealed partial class StorageDriver
{
    public IReadOnlyList<StorageVolRef> ListVolumes(StoragePoolRef pool)
    {
        var p = Find(pool);
        lock (_pools.Sync)
        {
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            return p.Volumes.Values.Select(p.VolRef).ToList();
        }
    }

    public StorageVolRef LookupVolume(StoragePoolRef pool, string name)
    {
        var p = Find(pool);
        lock (_pools.Sync)
        {
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            return p.Volumes.TryGetValue(name, out var v) ? p.VolRef(v) : throw StorageErrors.NoVolByName(name);
        }
    }

    public StorageVolRef LookupVolumeByKey(string key) => FindByPath(key) ?? throw StorageErrors.NoVolByKey(key);

    public StorageVolRef LookupVolumeByPath(string path) => FindByPath(StoragePoolXml.CleanPath(path)) ?? throw StorageErrors.NoVolByPath(path);

    private StorageVolRef? FindByPath(string path)
    {
        lock (_pools.Sync)
        {
            foreach (var p in _pools.AllLocked)
            {
                if (!p.Active) continue;
                foreach (var v in p.Volumes.Values)
                    if (v.Path == path) return p.VolRef(v);
            }
        }
        return null;
    }

    public async Task<StorageVolRef> CreateVolumeAsync(StoragePoolRef pool, string xml, StorageVolCreateFlags flags, CancellationToken ct)
    {
        var def = StorageVolXml.Parse(xml) with { PreallocateMetadata = (flags & StorageVolCreateFlags.PreallocMetadata) != 0 };
        StorageVolXml.CheckCreatable(def);
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var p = Find(pool);
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            var path = Path.Combine(p.Def.TargetPath, def.Name);
            bool cloning;
            lock (_pools.Sync) cloning = _busyFiles.ContainsKey(path);
            if (p.Volumes.ContainsKey(def.Name) || cloning || _host.Stat(path) is not null) throw StorageErrors.VolExists(def.Name);
            if (def.BackingPath is { } backing && _host.Stat(backing) is null)
                throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Storage, $"inaccessible backing store volume {backing}: No such file or directory");
            var passphrase = def.Encryption is null ? null : EncryptionPassphrase(def);
            try
            {
                if (passphrase is null) await _host.CreateImageAsync(path, def, ct).ConfigureAwait(false);
                else await _host.CreateEncryptedImageAsync(path, def, passphrase, ct).ConfigureAwait(false);
            }
            catch (IOException e) when (e is not FileNotFoundException)
            {
                throw _host.Stat(path) is not null && !p.Volumes.ContainsKey(def.Name)
                    ? StorageErrors.VolExists(def.Name)
                    : StorageErrors.System($"cannot create storage volume '{path}': {e.Message}");
            }
            finally
            {
                if (passphrase is not null) Array.Clear(passphrase);
            }
            var entry = new VolumeEntry(def.Name, path, _host.Probe(path), def.Encryption);
            lock (_pools.Sync) p.Volumes = new SortedDictionary<string, VolumeEntry>(p.Volumes.ToDictionary(), StringComparer.Ordinal) { [def.Name] = entry };
            _log.LogInformation("Volume '{Volume}' created in storage pool '{Pool}' ({Format}, {Capacity} bytes)", def.Name, p.Def.Name,
                StorageVolXml.FormatName(def.Format), def.Capacity);
            return p.VolRef(entry);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task DeleteVolumeAsync(StorageVolRef vol, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (p, v) = FindVolume(vol);
            CheckNotInUse(v);
            // Only a file this pool listed, inside its own directory, is ever removed.
            if (Path.GetDirectoryName(v.Path) != p.Def.TargetPath) throw StorageErrors.NoVolByName(vol.Name);
            try { _host.DeleteFile(v.Path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw StorageErrors.System($"cannot unlink file '{v.Path}': {e.Message}");
            }
            finally
            {
                if (_host.Stat(v.Path) is null)
                    lock (_pools.Sync) p.Volumes = new SortedDictionary<string, VolumeEntry>(p.Volumes.Where(kv => kv.Key != v.Name).ToDictionary(), StringComparer.Ordinal);
            }
            _log.LogInformation("Volume '{Volume}' deleted from storage pool '{Pool}'", v.Name, p.Def.Name);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task ResizeVolumeAsync(StorageVolRef vol, ulong capacity, StorageVolResizeFlags flags, CancellationToken ct)
    {
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            CheckNotInUse(FindVolume(vol).Volume);
            var now = await VolumeAsync(vol, ct).ConfigureAwait(false);
            var shrink = (flags & StorageVolResizeFlags.Shrink) != 0;
            ulong target = capacity;
            if ((flags & StorageVolResizeFlags.Delta) != 0)
            {
                if (shrink) target = capacity > now.Capacity ? 0 : now.Capacity - capacity;
                else if (ulong.MaxValue - now.Capacity < capacity) throw StorageErrors.InvalidArg("capacity would overflow");
                else target = now.Capacity + capacity;
            }
            // libvirt 9.0's checks and words (storageVolResize), checked against libvirtd.
            if (target < now.Capacity && !shrink)
                throw StorageErrors.InvalidArg("Can't shrink capacity below current capacity unless shrink flag explicitly specified");
            if (target < now.Allocation) throw StorageErrors.InvalidArg("can't shrink capacity below existing allocation");
            try
            {
                await _host.ResizeImageAsync(now.Path, now.Format, target, (flags & StorageVolResizeFlags.Allocate) != 0, shrink, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw StorageErrors.System($"Failed to truncate file '{now.Path}': {e.Message}");
            }
            _log.LogInformation("Volume '{Volume}' of storage pool '{Pool}' resized to {Capacity} bytes", vol.Name, vol.Pool, target);
        }
        finally { _pools.Gate.Release(); }
    }

    public async Task<StorageVolReport> VolumeAsync(StorageVolRef vol, CancellationToken ct)
    {
        var (_, v) = FindVolume(vol);
        var stat = _host.Stat(v.Path) ?? throw StorageErrors.System($"cannot stat file '{v.Path}': No such file or directory");
        var facts = _host.Probe(v.Path) ?? v.Facts;
        var format = facts?.Format ?? VolumeFormat.Raw;
        var (encryption, payloadOffset) = EncryptionOf(v);
        // A LUKS container's capacity is its payload: what follows the header and key slots.
        var capacity = format == VolumeFormat.Qcow2 && facts is not null ? facts.VirtualSize : (ulong)stat.Size - Math.Min(payloadOffset, (ulong)stat.Size);
        StorageBackingReport? backing = null;
        if (facts?.BackingPath is { } b)
            backing = new StorageBackingReport(b, facts.BackingFormat, Facts(_host.Stat(b)));
        return new StorageVolReport(v.Name, v.Path, format, capacity, (ulong)stat.AllocatedBytes, (ulong)stat.Size, Facts(stat),
            format == VolumeFormat.Qcow2 ? facts?.ClusterSize ?? 0 : 0, backing, facts?.Qcow2Features, encryption);
    }

    /// <summary>A volume the wire names: its pool by name, active, then the volume by name (libvirt's order of checks).</summary>
    private (StoragePoolObject Pool, VolumeEntry Volume) FindVolume(StorageVolRef vol)
    {
        var p = FindByName(vol.Pool);
        lock (_pools.Sync)
        {
            if (!p.Active) throw StorageErrors.NotActive(p.Def.Name);
            return p.Volumes.TryGetValue(vol.Name, out var v) ? (p, v) : throw StorageErrors.NoVolByName(vol.Name);
        }
    }
}
