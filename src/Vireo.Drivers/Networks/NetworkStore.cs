using Vireo.Core.Networks;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Networks;

/// <summary>
/// The network driver's files, laid out as libvirt's (/etc/libvirt/qemu/networks, /run/libvirt/network):
/// <list type="bullet">
/// <item><c>CONFIG/networks/NAME.xml</c>: every persistent network; the QEMU driver reads the same file to
/// connect &lt;interface type='network'&gt; to the network's bridge (one definition store);</item>
/// <item><c>CONFIG/networks/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart;</item>
/// <item><c>RUN/networks/NAME.xml</c>: every active network's live definition (transient ones included), so a
/// restarted daemon knows which networks it started, and a host reboot (which empties RUN) starts only the
/// autostart ones.</item>
/// </list>
/// Writes are atomic (temp, fsync, rename); a damaged file is reported and skipped, never fatal.
/// </summary>
public sealed class NetworkStore(string configDir, string statusDir)
{
    public string ConfigDir { get; } = configDir;
    public string AutostartDir { get; } = Path.Combine(configDir, "autostart");
    public string StatusDir { get; } = statusDir;

    public string ConfigPath(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string AutostartPath(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StatusPath(string name) => Path.Combine(StatusDir, name + ".xml");

    public void EnsureDirectories()
    {
        DirectoryLayout.Ensure(ConfigDir);
        DirectoryLayout.Ensure(AutostartDir);
        DirectoryLayout.Ensure(StatusDir);
    }

    /// <summary>Persistent definitions; a hand-written file without a uuid gets a name-derived one and is not rewritten.</summary>
    public IReadOnlyList<NetworkDef> LoadConfigs(List<string> errors) => Load(ConfigDir, errors);

    public IReadOnlyList<NetworkDef> LoadActive(List<string> errors) => Load(StatusDir, errors);

    public bool IsAutostart(string name) => new FileInfo(AutostartPath(name)).LinkTarget is not null || File.Exists(AutostartPath(name));

    public Task SaveConfigAsync(NetworkDef def, CancellationToken ct) => AtomicFile.WriteAllTextAsync(ConfigPath(def.Name), NetworkXml.Format(def), ct);

    public Task SaveActiveAsync(NetworkDef def, CancellationToken ct) => AtomicFile.WriteAllTextAsync(StatusPath(def.Name), NetworkXml.Format(def), ct);

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

    private static List<NetworkDef> Load(string dir, List<string> errors)
    {
        var defs = new List<NetworkDef>();
        if (!Directory.Exists(dir)) return defs;
        foreach (var path in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal))
        {
            try
            {
                var def = NetworkXml.Parse(File.ReadAllText(path), stableUuid: true);
                if (def.Name + ".xml" != Path.GetFileName(path))
                    throw new InvalidDataException($"it defines network '{def.Name}', not the one its file name says");
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
