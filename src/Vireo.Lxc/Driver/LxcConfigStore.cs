using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Files;

namespace Vireo.Lxc.Driver;

/// <summary>
/// The container driver's files: config.xml and autostart under &lt;stateDir&gt;/lxc/domains/NAME for a
/// defined domain, status.xml under &lt;runDir&gt;/lxc/NAME while it runs. Written atomically.
/// </summary>
internal sealed class LxcConfigStore
{
    private readonly DirectoryLayout _layout;

    public LxcConfigStore(DirectoryLayout layout) => _layout = layout;

    public ContainerPaths PathsOf(string name) => ContainerPaths.For(_layout, name);

    /// <summary>Every domain with a saved definition or a status file (running, maybe transient).</summary>
    public IEnumerable<string> DomainNames()
    {
        var defined = Children(Path.GetDirectoryName(_layout.DomainStateDir(ContainerPaths.Driver, "x"))!);
        var running = Children(Path.GetDirectoryName(_layout.DomainRunDir(ContainerPaths.Driver, "x"))!)
            .Where(n => File.Exists(PathsOf(n).StatusFile));
        return defined.Union(running).Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Children(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Select(d => Path.GetFileName(d)!) : [];

    public async Task WriteConfigAsync(DomainDef def, CancellationToken ct)
    {
        var paths = PathsOf(def.Name);
        DirectoryLayout.Ensure(paths.StateDir);
        // Crash-atomic without the directory sync, as the QEMU driver's DomainStore and libvirt write configs.
        await AtomicFile.WriteAllTextAsync(paths.ConfigFile, DomainXml.Format(def), WriteDurability.CrashAtomic, ct).ConfigureAwait(false);
    }

    public string? ReadConfigText(string name) => ReadOrNull(PathsOf(name).ConfigFile);

    public string? ReadStatusText(string name) => ReadOrNull(PathsOf(name).StatusFile);

    public bool IsAutostart(string name) => File.Exists(PathsOf(name).AutostartFile);

    public async Task SetAutostartAsync(string name, bool on, CancellationToken ct)
    {
        var file = PathsOf(name).AutostartFile;
        if (on) await AtomicFile.WriteAllTextAsync(file, "1\n", ct).ConfigureAwait(false);
        else File.Delete(file);
    }

    /// <summary>Forgets a definition: config and autostart go, a running container's status stays.</summary>
    public void DeleteConfig(string name)
    {
        var paths = PathsOf(name);
        File.Delete(paths.ConfigFile);
        File.Delete(paths.AutostartFile);
        RemoveIfEmpty(paths.StateDir);
    }

    private static void RemoveIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            Directory.Delete(dir);
    }

    private static string? ReadOrNull(string path)
    {
        try { return File.ReadAllText(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }
}
