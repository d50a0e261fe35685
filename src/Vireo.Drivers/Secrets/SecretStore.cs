using System.Text;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Secrets;

/// <summary>
/// The persistent secrets on disk, laid out as libvirt's /etc/libvirt/secrets: <c>DIR/UUID.xml</c> (the
/// definition) and <c>DIR/UUID.base64</c> (the value, base64, mode 0600). The directory is 0700 and every
/// write is atomic (temp, fsync, rename), so a crash leaves the old file or the new one. Ephemeral secrets
/// never reach it.
/// </summary>
public sealed class SecretStore(string dir)
{
    public string Dir { get; } = dir;

    public string ConfigPath(Guid uuid) => Path.Combine(Dir, uuid.ToString("D") + ".xml");
    public string ValuePath(Guid uuid) => Path.Combine(Dir, uuid.ToString("D") + ".base64");

    public void EnsureDirectory() => DirectoryLayout.Ensure(Dir);

    public Task SaveConfigAsync(SecretDef def, CancellationToken ct) => AtomicFile.WriteAllTextAsync(ConfigPath(def.Uuid), SecretXml.Format(def), ct);

    public Task SaveValueAsync(Guid uuid, byte[] value, CancellationToken ct) =>
        AtomicFile.WriteAllBytesAsync(ValuePath(uuid), Encoding.ASCII.GetBytes(Convert.ToBase64String(value)), ct);

    public void DeleteConfig(Guid uuid) => File.Delete(ConfigPath(uuid));

    public void DeleteValue(Guid uuid) => File.Delete(ValuePath(uuid));

    /// <summary>Every saved secret with its value (null: none); a damaged file is reported in <paramref name="errors"/> and skipped.</summary>
    public List<(SecretDef Def, byte[]? Value)> Load(List<string> errors)
    {
        var loaded = new List<(SecretDef, byte[]?)>();
        if (!Directory.Exists(Dir)) return loaded;
        foreach (var path in Directory.EnumerateFiles(Dir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var def = SecretXml.Parse(File.ReadAllText(path));
                if (def.Uuid.ToString("D") + ".xml" != Path.GetFileName(path))
                    throw new InvalidDataException($"it defines secret '{def.Uuid:D}', not the one its file name says");
                // A hand-written ephemeral definition is loaded as libvirt does: it stays in memory only from now on.
                byte[]? value = null;
                var valuePath = ValuePath(def.Uuid);
                if (File.Exists(valuePath)) value = Convert.FromBase64String(File.ReadAllText(valuePath).Trim());
                loaded.Add((def, value));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException or Core.Errors.VirException or UnauthorizedAccessException)
            {
                errors.Add($"{path}: {e.Message}");
            }
        }
        return loaded;
    }
}
