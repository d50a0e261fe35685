using Vireo.Core.Domain;

namespace Vireo.Lxc.Plan;

/// <summary>What the driver prepared on the host before the plan is written.</summary>
public sealed record PlanInputs
{
    public IReadOnlyList<string> CgroupProcsFiles { get; init; } = [];
    public IReadOnlyList<PlanCgroupView> CgroupViews { get; init; } = [];
    public IReadOnlyList<PlanNetif> Interfaces { get; init; } = [];
}

/// <summary>
/// DomainDef (already validated by <see cref="Validation.ContainerValidator"/>) to ContainerPlan. Pure:
/// the same definition and inputs always give the same plan, which the golden tests pin down.
/// </summary>
public static class ContainerPlanBuilder
{
    /// <summary>libvirt's LXC driver runs /sbin/init when the definition names no init.</summary>
    public const string DefaultInit = "/sbin/init";

    public static ContainerPlan Build(DomainDef def, PlanInputs inputs)
    {
        var rootFs = RootFilesystem(def);
        return new ContainerPlan
        {
            Name = def.Name,
            Root = rootFs?.SourceDir,
            RootReadOnly = rootFs?.ReadOnly ?? false,
            Init = def.Os.Init ?? DefaultInit,
            Args = def.Os.InitArgs,
            Environment = Environment(def),
            WorkDir = def.Os.InitDir,
            UidMap = def.IdMap?.Uids.Select(Range).ToList() ?? [],
            GidMap = def.IdMap?.Gids.Select(Range).ToList() ?? [],
            // Parents before children: "/data" must be mounted before "/data/logs" goes on top of it.
            Binds = def.Devices.Filesystems.Where(f => !IsRoot(f))
                .OrderBy(f => NormalizeTarget(f.TargetDir), StringComparer.Ordinal)
                .Select(f => new PlanBind(f.SourceDir, NormalizeTarget(f.TargetDir), f.ReadOnly)).ToList(),
            DropCapabilities = LinuxCapabilities.ToDrop(def.Features?.Capabilities, def.Name),
            CgroupProcsFiles = inputs.CgroupProcsFiles,
            CgroupViews = inputs.CgroupViews,
            Interfaces = inputs.Interfaces,
        };
    }

    /// <summary>The &lt;filesystem&gt; whose target is "/", if any: the container's own root.</summary>
    public static FilesystemDef? RootFilesystem(DomainDef def) => def.Devices.Filesystems.FirstOrDefault(IsRoot);

    public static bool IsRoot(FilesystemDef fs) => NormalizeTarget(fs.TargetDir) == "/";

    /// <summary>"/data/" and "/data" are the same mount point.</summary>
    public static string NormalizeTarget(string target) =>
        target.Length > 1 ? "/" + string.Join('/', target.Split('/', StringSplitOptions.RemoveEmptyEntries)) : target;

    private static PlanIdRange Range(IdMapEntry e) => new(e.Start, e.Target, e.Count);

    /// <summary>
    /// libvirt's container environment (software inside looks for container=lxc-libvirt and the
    /// LIBVIRT_LXC_* names), then &lt;initenv&gt;, which replaces a default of the same name.
    /// </summary>
    private static IReadOnlyList<string> Environment(DomainDef def)
    {
        var uuid = def.Uuid.ToString("D");
        var vars = new List<(string Name, string Value)>
        {
            ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("TERM", "linux"),
            ("container", "lxc-libvirt"),
            ("HOME", "/"),
            ("container_uuid", uuid),
            ("LIBVIRT_LXC_UUID", uuid),
            ("LIBVIRT_LXC_NAME", def.Name),
        };
        if (def.Os.Cmdline is { } cmdline) vars.Add(("LIBVIRT_LXC_CMDLINE", cmdline));
        foreach (var e in def.Os.InitEnv)
        {
            int at = vars.FindIndex(v => v.Name == e.Name);
            if (at >= 0) vars[at] = (e.Name, e.Value);
            else vars.Add((e.Name, e.Value));
        }
        return vars.Select(v => $"{v.Name}={v.Value}").ToList();
    }
}
