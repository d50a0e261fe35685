using Vireo.Core.Storage;

#pragma warning disable CA1416 // Vireo runs on Linux only (Unix file modes)

namespace Vireo.Drivers.Storage;

// Encrypted volumes: qemu-img reads the passphrase from a 0600 file beside the new image (a hidden name the pool's
// listing skips), deleted as soon as qemu-img is done, whatever happened.
public sealed partial class LocalStorageHost
{
    public Task CreateEncryptedImageAsync(string path, StorageVolDef def, ReadOnlyMemory<byte> passphrase, CancellationToken ct) =>
        BuildInPlaceAsync(path, async temp =>
        {
            var secretFile = TempNameFor(path) + ".secret";
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                await using (var stream = new FileStream(secretFile, options))
                    await stream.WriteAsync(passphrase, ct).ConfigureAwait(false);
                await QemuImgRunner.CreateEncryptedAsync(temp, def, secretFile, ct).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(secretFile);
            }
            File.SetUnixFileMode(temp, (UnixFileMode)(def.Mode ?? 0x180));
        }, ct);
}
