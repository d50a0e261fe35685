using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Lxc.Plan;

namespace Vireo.Lxc.Validation;

/// <summary>
/// Checks against the host, made when a container starts: its root and filesystem sources exist, and a
/// container that shares the host's root does not run the host's own init. That last one is a safety
/// rule: booting the host's systemd in a container that sees the host's files empties the host's /tmp
/// and starts host services a second time. So an application container (no filesystem with target "/")
/// must name an explicit init that is neither the host's /sbin/init nor any systemd or init binary.
/// </summary>
public sealed class HostChecks
{
    private readonly Func<string, string?> _resolve;

    /// <param name="resolve">Resolves a host path to its final target (symlinks followed), null when missing.</param>
    public HostChecks(Func<string, string?> resolve) => _resolve = resolve;

    public static HostChecks ForHost() => new(ResolveOnHost);

    /// <summary>Refuses a shared-root container whose init is the host's init (checked at define and start).</summary>
    public void CheckSharedRootInit(DomainDef def)
    {
        if (ContainerPlanBuilder.RootFilesystem(def) is not null) return;
        var init = def.Os.Init;
        if (init is null)
            throw Refused(def, "names no <init>, so it would boot the host's /sbin/init");
        var resolved = _resolve(init) ?? init;
        var hostInit = _resolve("/sbin/init");
        var file = Path.GetFileName(resolved);
        if (resolved == hostInit || init == "/sbin/init" || file is "systemd" or "init" || Path.GetFileName(init) is "systemd" or "init")
            throw Refused(def, $"runs '{init}', the host's init");
    }

    /// <summary>The root directory and every bind source must exist before the helper is asked to mount them.</summary>
    public void CheckSources(DomainDef def)
    {
        foreach (var fs in def.Devices.Filesystems)
        {
            if (Directory.Exists(fs.SourceDir) || (!ContainerPlanBuilder.IsRoot(fs) && File.Exists(fs.SourceDir)))
                continue;
            var what = ContainerPlanBuilder.IsRoot(fs) ? "root directory" : $"source of filesystem '{fs.TargetDir}'";
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc,
                $"the {what} '{fs.SourceDir}' of container '{def.Name}' does not exist");
        }
    }

    private static VirException Refused(DomainDef def, string why) =>
        new(VirErrorCode.ConfigUnsupported, VirErrorDomain.Lxc,
            $"container '{def.Name}' shares the host's root filesystem and {why}; give it its own root " +
            "(<filesystem type='mount'> with <target dir='/'/>) or an explicit <init> program that is not the host's init or systemd");

    private static string? ResolveOnHost(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists && !Directory.Exists(path)) return null;
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
