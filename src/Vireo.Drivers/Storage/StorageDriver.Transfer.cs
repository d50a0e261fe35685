using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

// vol-upload and vol-download: the volume's file as a byte stream (the image file itself, not its guest view,
// as libvirt's dir pools). An upload holds the volume in use until it ends, then the volume is read again
// and clients get the pool's refresh event, as libvirtd's refresh after an upload.
public sealed partial class StorageDriver
{
    public Task<VolumeTransfer> OpenDownloadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags, CancellationToken ct)
    {
        CheckTransferFlags(flags, "storageVolDownload");
        var (_, v) = FindVolume(vol);
        return Task.FromResult(Open(v, upload: false, offset, length, null));
    }

    public async Task<VolumeTransfer> OpenUploadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags, CancellationToken ct)
    {
        CheckTransferFlags(flags, "storageVolUpload");
        await _pools.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (p, v) = FindVolume(vol);
            CheckNotInUse(v);
            lock (_pools.Sync) _busyFiles[v.Path] = 1;
            try
            {
                return Open(v, upload: true, offset, length, () => Uploaded(p, v));
            }
            catch
            {
                lock (_pools.Sync) _busyFiles.Remove(v.Path);
                throw;
            }
        }
        finally { _pools.Gate.Release(); }
    }

    private static VolumeTransfer Open(VolumeEntry v, bool upload, ulong offset, ulong length, Action? done)
    {
        try
        {
            return new VolumeTransfer(v.Path, upload, offset, length, done);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageErrors.System($"Unable to open {v.Path}: {e.Message}");
        }
    }

    /// <summary>The upload ended (finished, aborted or its connection gone): read the volume again, free it, tell the pool's watchers.</summary>
    private void Uploaded(StoragePoolObject p, VolumeEntry v)
    {
        var entry = v with { Facts = _host.Probe(v.Path) };
        lock (_pools.Sync)
        {
            _busyFiles.Remove(v.Path);
            if (p.Active && p.Volumes.ContainsKey(v.Name))
                p.Volumes = new SortedDictionary<string, VolumeEntry>(p.Volumes.ToDictionary(), StringComparer.Ordinal) { [v.Name] = entry };
        }
        _log.LogInformation("Upload into volume '{Volume}' of storage pool '{Pool}' ended", v.Name, p.Def.Name);
        Raise(p.Ref, null);
    }

    private static void CheckTransferFlags(uint flags, string function)
    {
        if (flags == 1) // VIR_STORAGE_VOL_{UP,DOWN}LOAD_SPARSE_STREAM: holes need stream HOLE packets, which Vireo does not send or take
            throw new VirException(VirErrorCode.NoSupport, VirErrorDomain.Storage, "sparse streams are not supported by Vireo; transfer the volume without --sparse");
        if (flags != 0) throw StorageErrors.InvalidArg($"unsupported flags (0x{flags:x}) in function {function}");
    }
}
