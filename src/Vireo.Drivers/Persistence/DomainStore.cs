using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Persistence;

/// <summary>
/// A driver's files, hypervisor-neutral (libvirt's /etc/libvirt/qemu and /run/libvirt/qemu):
/// <list type="bullet">
/// <item><c>CONFIG/NAME.xml</c>: the persistent definition of every defined domain;</item>
/// <item><c>CONFIG/autostart/NAME.xml</c>: a symlink to ../NAME.xml marking autostart, as libvirt does;</item>
/// <item><c>STATUS/NAME.xml</c>: the &lt;domstatus&gt; of every running domain (<see cref="StatusXml"/>);</item>
/// <item><c>STATUS/NAME.stopped</c>: how a defined domain last stopped ("5 2": shut off, destroyed), so a
/// restarted engine still says "shut off (destroyed)" where libvirt forgets and says "unknown".</item>
/// </list>
/// Every write is atomic (temp file, fsync, rename, fsync of the directory), so a crash leaves the old
/// or the new file, never a torn one. Nothing is created until <see cref="EnsureDirectories"/>.
/// </summary>
public sealed class DomainStore
{
    public DomainStore(string configDir, string statusDir)
    {
        ConfigDir = configDir;
        StatusDir = statusDir;
        AutostartDir = Path.Combine(configDir, "autostart");
    }

    public string ConfigDir { get; }
    public string StatusDir { get; }
    public string AutostartDir { get; }

    public string ConfigPath(string name) => Path.Combine(ConfigDir, name + ".xml");
    public string StatusPath(string name) => Path.Combine(StatusDir, name + ".xml");
    public string AutostartPath(string name) => Path.Combine(AutostartDir, name + ".xml");
    public string StoppedPath(string name) => Path.Combine(StatusDir, name + ".stopped");

    public void EnsureDirectories()
    {
        DirectoryLayout.Ensure(ConfigDir);
        DirectoryLayout.Ensure(AutostartDir);
        DirectoryLayout.Ensure(StatusDir);
    }

    /// <summary>A file that could not be read back, and why (the driver logs it and carries on with the others).</summary>
    public sealed record LoadError(string Path, string Message);

    /// <summary>Every stored definition. A damaged file is reported in <paramref name="errors"/>, never fatal.</summary>
    public IReadOnlyList<DomainDef> LoadConfigs(List<LoadError> errors)
    {
        var result = new List<DomainDef>();
        foreach (var path in XmlFiles(ConfigDir))
        {
            try
            {
                var def = DomainXml.Parse(File.ReadAllText(path));
                if (def.Name + ".xml" != Path.GetFileName(path))
                    throw new InvalidDataException($"it defines domain '{def.Name}', not the one its file name says");
                result.Add(def);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or Core.Errors.VirException or UnauthorizedAccessException)
            {
                errors.Add(new LoadError(path, e.Message));
            }
        }
        return result;
    }

    /// <summary>Every stored status. A damaged file is reported in <paramref name="errors"/>.</summary>
    public IReadOnlyList<DomainStatus> LoadStatuses(List<LoadError> errors)
    {
        var result = new List<DomainStatus>();
        foreach (var path in XmlFiles(StatusDir))
        {
            try
            {
                result.Add(StatusXml.Parse(File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or Core.Errors.VirException or FormatException or OverflowException or UnauthorizedAccessException)
            {
                errors.Add(new LoadError(path, e.Message));
            }
        }
        return result;
    }

    public bool IsAutostart(string name) => File.Exists(AutostartPath(name)) || new FileInfo(AutostartPath(name)).LinkTarget is not null;

    // Config, stop state and status are written crash-atomic but without the directory sync (libvirt's own
    // guarantee for these files): a crash may lose the last change, never tear a file (WriteDurability).
    public Task SaveConfigAsync(DomainDef def, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(ConfigPath(def.Name), DomainXml.Format(def, secure: true), WriteDurability.CrashAtomic, ct);

    /// <summary>Removes the definition, its autostart mark and its last stop state.</summary>
    public void DeleteConfig(string name)
    {
        DeleteDurably(AutostartPath(name));
        DeleteDurably(ConfigPath(name));
        DeleteDurably(StoppedPath(name));
    }

    /// <summary>Records how a defined domain stopped (its shut-off state and reason).</summary>
    public Task SaveStoppedAsync(string name, StateWithReason state, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(StoppedPath(name),
            string.Create(CultureInfo.InvariantCulture, $"{(int)state.State} {state.Reason}\n"), WriteDurability.CrashAtomic, ct);

    /// <summary>How a defined domain last stopped, or null when not recorded (or the record is damaged).</summary>
    public StateWithReason? LoadStopped(string name)
    {
        try
        {
            var parts = File.ReadAllText(StoppedPath(name)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2
                   && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var state)
                   && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var reason)
                   && (DomainState)state == DomainState.Shutoff
                ? new StateWithReason(DomainState.Shutoff, reason)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void SetAutostart(string name, bool on)
    {
        var link = AutostartPath(name);
        if (!on)
        {
            DeleteDurably(link);
            return;
        }
        if (new FileInfo(link).LinkTarget is not null) return;
        // A symlink appears atomically; build it under a temp name and rename so a crash leaves no half state.
        var temp = Path.Combine(AutostartDir, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.CreateSymbolicLink(temp, Path.Combine("..", name + ".xml"));
        File.Move(temp, link, overwrite: true);
        AtomicFile.FsyncDirectory(AutostartDir);
    }

    public Task SaveStatusAsync(DomainStatus status, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(StatusPath(status.Name), StatusXml.Format(status), WriteDurability.CrashAtomic, ct);

    public void DeleteStatus(string name) => DeleteDurably(StatusPath(name));

    private static void DeleteDurably(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) return;
        File.Delete(path);
        AtomicFile.FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    private static IEnumerable<string> XmlFiles(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.xml", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
            : [];
}
