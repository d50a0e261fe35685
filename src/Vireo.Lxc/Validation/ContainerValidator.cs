using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Lxc.Plan;

namespace Vireo.Lxc.Validation;

/// <summary>
/// What the container driver accepts, checked at define and again at start, without touching the host
/// (the host checks live in <see cref="HostChecks"/>). Every refusal is one sentence naming the domain
/// and what to change, with libvirt's error code for it.
/// </summary>
public static class ContainerValidator
{
    /// <summary>The kernel accepts at most this many lines in uid_map/gid_map.</summary>
    public const int MaxIdMapLines = 340;

    public static void Validate(DomainDef def)
    {
        var name = def.Name;
        if (def.Type != DomainTypes.Lxc)
            throw Unsupported($"domain '{name}' has type '{def.Type}', but the LXC driver runs only domains of type 'lxc'");
        if (def.Os.Type != OsType.Exe)
            throw new VirException(VirErrorCode.OsType, VirErrorDomain.Lxc, $"'{OsName(def.Os.Type)}' (container '{name}' needs <type>exe</type>)");
        CheckInit(def);
        CheckFilesystems(def);
        CheckIdMap(def);
        CheckDevices(def);
        CheckResource(def);
        _ = LinuxCapabilities.ToDrop(def.Features?.Capabilities, name); // unknown capability names
    }

    private static void CheckInit(DomainDef def)
    {
        var init = def.Os.Init ?? ContainerPlanBuilder.DefaultInit;
        if (!init.StartsWith('/'))
            throw Unsupported($"the init '{init}' of container '{def.Name}' must be an absolute path");
        if (def.Os.InitDir is { } dir && !dir.StartsWith('/'))
            throw Unsupported($"the init directory '{dir}' of container '{def.Name}' must be an absolute path");
        if (def.Os.InitUser is not null || def.Os.InitGroup is not null)
            throw Unsupported($"container '{def.Name}' sets <inituser>/<initgroup>, which the LXC driver does not support yet; init runs as the container's root");
        foreach (var e in def.Os.InitEnv)
            if (e.Name.Length == 0 || e.Name.Contains('='))
                throw Unsupported($"the environment variable name '{e.Name}' of container '{def.Name}' is not valid");
    }

    private static void CheckFilesystems(DomainDef def)
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fs in def.Devices.Filesystems)
        {
            var target = ContainerPlanBuilder.NormalizeTarget(fs.TargetDir);
            if (fs.AccessMode is { } mode && mode != FilesystemAccessMode.Passthrough)
                throw Unsupported($"filesystem '{target}' of container '{def.Name}' uses accessmode '{mode.ToString().ToLowerInvariant()}'; containers support only passthrough");
            if (fs.Driver?.Type is { } driver && driver != FilesystemDriverType.Path)
                throw Unsupported($"filesystem '{target}' of container '{def.Name}' uses driver '{driver.ToString().ToLowerInvariant()}'; containers bind-mount directories only");
            if (!fs.SourceDir.StartsWith('/'))
                throw Unsupported($"the source '{fs.SourceDir}' of filesystem '{target}' in container '{def.Name}' must be an absolute path");
            if (!target.StartsWith('/') || target.Split('/').Contains(".."))
                throw Unsupported($"the target '{fs.TargetDir}' of a filesystem in container '{def.Name}' must be an absolute path without '..'");
            if (!targets.Add(target))
                throw Unsupported($"container '{def.Name}' has two filesystems with target '{target}'");
        }
    }

    private static void CheckIdMap(DomainDef def)
    {
        if (def.IdMap is not { } map) return;
        if (map.Uids.Count == 0 || map.Gids.Count == 0)
            throw Unsupported($"the <idmap> of container '{def.Name}' must map both uids and gids");
        foreach (var (kind, list) in new[] { ("uid", map.Uids), ("gid", map.Gids) })
        {
            if (list.Count > MaxIdMapLines)
                throw Unsupported($"the <idmap> of container '{def.Name}' has {list.Count} {kind} ranges; the kernel accepts at most {MaxIdMapLines}");
            if (!list.Any(e => e.Start == 0 && e.Count > 0))
                throw Unsupported($"the <idmap> of container '{def.Name}' must map container {kind} 0, the container's root");
            if (list.Any(e => e.Count == 0))
                throw Unsupported($"the <idmap> of container '{def.Name}' has a {kind} range with count 0");
        }
    }

    private static void CheckDevices(DomainDef def)
    {
        var d = def.Devices;
        string? unsupported =
            d.Disks.Count > 0 ? "<disk>" : d.Graphics.Count > 0 ? "<graphics>" : d.Videos.Count > 0 ? "<video>" :
            d.Sounds.Count > 0 ? "<sound>" : d.Channels.Count > 0 ? "<channel>" : d.Serials.Count > 0 ? "<serial>" :
            d.Rngs.Count > 0 ? "<rng>" : d.Watchdog is not null ? "<watchdog>" : d.Panics.Count > 0 ? "<panic>" : null;
        if (unsupported is not null)
            throw Unsupported($"container '{def.Name}' has a {unsupported} device; containers support <filesystem>, <interface> and <console>");
        if (d.Consoles.Count > 1)
            throw Unsupported($"container '{def.Name}' has {d.Consoles.Count} consoles; the LXC driver gives a container one console");
        if (d.Consoles.FirstOrDefault() is { } console && console.Type != CharType.Pty)
            throw Unsupported($"the console of container '{def.Name}' must be of type 'pty'");
        foreach (var nic in d.Interfaces)
        {
            switch (nic.Type)
            {
                case InterfaceType.Bridge when string.IsNullOrEmpty(nic.Source?.Bridge):
                    throw new VirException(VirErrorCode.NoSource, VirErrorDomain.Lxc, $"interface of container '{def.Name}' (type 'bridge' needs <source bridge='...'/>)");
                case InterfaceType.Network when string.IsNullOrEmpty(nic.Source?.Network):
                    throw new VirException(VirErrorCode.NoSource, VirErrorDomain.Lxc, $"interface of container '{def.Name}' (type 'network' needs <source network='...'/>)");
                case InterfaceType.Bridge or InterfaceType.Network or InterfaceType.Ethernet:
                    break;
                default:
                    throw Unsupported($"container '{def.Name}' has an interface of type '{nic.Type.ToString().ToLowerInvariant()}'; containers support 'bridge', 'network' and 'ethernet' (veth)");
            }
            if (nic.TargetDev is { Length: > 15 } dev)
                throw Unsupported($"the interface name '{dev}' of container '{def.Name}' is longer than 15 characters");
        }
    }

    private static void CheckResource(DomainDef def)
    {
        if (def.Resource?.Partition is not { } partition) return;
        var parts = partition.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!partition.StartsWith('/') || parts.Length == 0 || parts.Any(p => p.StartsWith('.') || p.StartsWith("cgroup.") || p == "tasks"))
            throw Unsupported($"the resource partition '{partition}' of container '{def.Name}' must be an absolute cgroup path such as '/machine'");
    }

    private static string OsName(OsType t) => t.ToString().ToLowerInvariant();

    private static VirException Unsupported(string detail) => new(VirErrorCode.ConfigUnsupported, VirErrorDomain.Lxc, detail);
}
