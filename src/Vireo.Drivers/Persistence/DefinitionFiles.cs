using Vireo.Platform.Files;

namespace Vireo.Drivers.Persistence;

/// <summary>
/// libvirt's on-disk layout for objects defined by an XML document (networks, storage pools):
/// <list type="bullet">
/// <item><c>CONFIG/NAME.xml</c>: the definition of every persistent object;</item>
/// <item><c>CONFIG/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart;</item>
/// <item><c>STATUS/NAME.xml</c>: the live definition of every active object (transient ones included), so a
/// restarted daemon knows which ones it started, and a host reboot (which empties STATUS, a run directory)
/// starts only the autostart ones.</item>
/// </list>
/// Writes are atomic (temp, fsync, rename); a damaged file is reported and skipped, never fatal. A store
/// says how its documents are parsed, formatted and named; the files are handled here.
/// </summary>
public abstract class DefinitionFiles<TDef>(string configDir, string statusDir) where TDef : Core.State.INamedDefinition
{
    public string ConfigDir { get; } = configDir;
    public string AutostartDir { get; } = Path.Combine(configDir, "autostart");
    public string StatusDir { get; } = statusDir;

    /// <summary>What a definition is called in an error sentence ("network", "pool").</summary>
    protected abstract string Noun { get; }
    protected abstract TDef Parse(string xml);
    protected abstract string Format(TDef def);

    public string ConfigPath(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string AutostartPath(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StatusPath(string name) => Path.Combine(StatusDir, name + ".xml");

    public void EnsureDirectories()
    {
        DirectoryLayout.Ensure(ConfigDir);
        DirectoryLayout.Ensure(AutostartDir);
        DirectoryLayout.Ensure(StatusDir);
    }

    /// <summary>Every persistent definition; a damaged file is reported in <paramref name="errors"/>.</summary>
    public IReadOnlyList<TDef> LoadConfigs(List<string> errors) => Load(ConfigDir, errors);

    /// <summary>Every active definition; a damaged file is reported in <paramref name="errors"/>.</summary>
    public IReadOnlyList<TDef> LoadActive(List<string> errors) => Load(StatusDir, errors);

    // The symlink itself is the mark: a dangling one counts too, hence LinkTarget as well as Exists.
    public bool IsAutostart(string name) => File.Exists(AutostartPath(name)) || new FileInfo(AutostartPath(name)).LinkTarget is not null;

    public Task SaveConfigAsync(TDef def, CancellationToken ct) => AtomicFile.WriteAllTextAsync(ConfigPath(def.Name), Format(def), ct);

    public Task SaveActiveAsync(TDef def, CancellationToken ct) => AtomicFile.WriteAllTextAsync(StatusPath(def.Name), Format(def), ct);

    public void RemoveActive(string name) => File.Delete(StatusPath(name));

    /// <summary>Removes the definition and its autostart mark.</summary>
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

    private List<TDef> Load(string dir, List<string> errors)
    {
        var defs = new List<TDef>();
        if (!Directory.Exists(dir)) return defs;
        foreach (var path in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var def = Parse(File.ReadAllText(path));
                var name = def.Name;
                if (name + ".xml" != Path.GetFileName(path))
                    throw new InvalidDataException($"it defines {Noun} '{name}', not the one its file name says");
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
