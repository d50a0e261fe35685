using Vireo.Core.Storage;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Storage;

/// <summary>
/// The storage driver's files, laid out as libvirt's (/etc/libvirt/storage, /run/libvirt/storage):
/// <list type="bullet">
/// <item><c>STATE/storage/NAME.xml</c>: the definition of every persistent pool;</item>
/// <item><c>STATE/storage/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart;</item>
/// <item><c>RUN/storage/NAME.xml</c>: the definition of every active pool (transient ones included), so a
/// restarted daemon finds its pools active again, and a host reboot (which empties RUN) starts only the
/// autostart ones.</item>
/// </list>
/// Writes are atomic (temp, fsync, rename); a damaged file is reported and skipped, never fatal.
/// </summary>
public sealed class StoragePoolStore
{
    public StoragePoolStore(string stateDir, string runDir)
    {
        ConfigDir = Path.Combine(stateDir, "storage");
        AutostartDir = Path.Combine(ConfigDir, "autostart");
        StatusDir = Path.Combine(runDir, "storage");
    }

    public string ConfigDir { get; }
    public string AutostartDir { get; }
    public string StatusDir { get; }

    public string ConfigPath(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string AutostartPath(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StatusPath(string name) => Path.Combine(StatusDir, name + ".xml");

    public void EnsureDirectories()
    {
        DirectoryLayout.Ensure(ConfigDir);
        DirectoryLayout.Ensure(AutostartDir);
        DirectoryLayout.Ensure(StatusDir);
    }

    public IReadOnlyList<StoragePoolDef> LoadConfigs(List<string> errors) => Load(ConfigDir, errors);

    public IReadOnlyList<StoragePoolDef> LoadActive(List<string> errors) => Load(StatusDir, errors);

    public bool IsAutostart(string name) => File.Exists(AutostartPath(name)) || new FileInfo(AutostartPath(name)).LinkTarget is not null;

    public Task SaveConfigAsync(StoragePoolDef def, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(ConfigPath(def.Name), StoragePoolXml.Format(def, default, null), ct);

    public Task SaveActiveAsync(StoragePoolDef def, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(StatusPath(def.Name), StoragePoolXml.Format(def, default, null), ct);

    public void RemoveActive(string name) => File.Delete(StatusPath(name));

    public void RemoveConfig(string name)
    {
        SetAutostart(name, false);
        File.Delete(ConfigPath(name));
    }

    public void SetAutostart(string name, bool on)
    {
        var link = AutostartPath(name);
        if (!on)
        {
            File.Delete(link);
            return;
        }
        if (new FileInfo(link).LinkTarget is null) File.CreateSymbolicLink(link, Path.Combine("..", name + ".xml"));
    }

    private static List<StoragePoolDef> Load(string dir, List<string> errors)
    {
        var defs = new List<StoragePoolDef>();
        if (!Directory.Exists(dir)) return defs;
        foreach (var path in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var def = StoragePoolXml.Parse(File.ReadAllText(path));
                if (def.Name + ".xml" != Path.GetFileName(path))
                    throw new InvalidDataException($"it defines pool '{def.Name}', not the one its file name says");
                defs.Add(def);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or Core.Errors.VirException or UnauthorizedAccessException)
            {
                errors.Add($"{path}: {e.Message}");
            }
        }
        return defs;
    }
}
