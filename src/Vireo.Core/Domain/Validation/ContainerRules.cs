using Vireo.Core.Xml;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>
/// What separates containers (type 'lxc', os type 'exe') from virtual machines: each side refuses the other's
/// parts, and a container's filesystems must describe a sane root.
/// </summary>
internal static class ContainerRules
{
    /// <summary>Programs that would boot the host's own userspace if run against the host's root filesystem.</summary>
    private static readonly string[] HostInits = ["/sbin/init", "/lib/systemd/systemd", "/usr/lib/systemd/systemd", "/init"];

    public static IEnumerable<VirException> Check(ValidationContext ctx) =>
        ctx.Def.IsContainer ? Container(ctx) : VirtualMachine(ctx);

    private static IEnumerable<VirException> Container(ValidationContext ctx)
    {
        var d = ctx.Def;
        var os = d.Os;
        if (os.Type != OsType.Exe)
            yield return ctx.Unsupported("is a container (type 'lxc') and needs <os><type>exe</type></os>");
        if (string.IsNullOrEmpty(os.Init))
            yield return ctx.Unsupported("is a container (type 'lxc') and needs an <init> program in <os>");
        else if (!os.Init.StartsWith('/'))
            yield return ctx.Xml($"has <init> '{os.Init}', which is not an absolute path");
        foreach (var (present, what) in VmOnlyParts(d))
            if (present) yield return ctx.Unsupported($"is a container (type 'lxc') and cannot have {what}");

        var roots = 0;
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fs in d.Devices.Filesystems)
        {
            if (!fs.TargetDir.StartsWith('/'))
                yield return ctx.Xml($"has a filesystem with target '{fs.TargetDir}', which is not an absolute path");
            if (!fs.SourceDir.StartsWith('/'))
                yield return ctx.Xml($"has a filesystem with source '{fs.SourceDir}', which is not an absolute path");
            if (!targets.Add(fs.TargetDir.TrimEnd('/') is "" ? "/" : fs.TargetDir.TrimEnd('/')))
                yield return ctx.Xml($"mounts more than one filesystem at '{fs.TargetDir}'");
            if (fs.TargetDir == "/") roots++;
            if (fs.AccessMode is not (null or FilesystemAccessMode.Passthrough))
                yield return ctx.Unsupported($"uses accessmode '{fs.AccessMode!.Value.ToXml()}' for filesystem '{fs.TargetDir}'; containers only support passthrough");
        }
        if (roots == 0 && os.Init is { } init && HostInits.Contains(init))
            yield return ctx.Unsupported($"has no root filesystem (target '/'), so it would share the host's root and run the host's {init}; give it a filesystem with target dir='/'");
        foreach (var i in d.Devices.Interfaces.Where(i => i.Type == InterfaceType.User))
            yield return ctx.Unsupported("is a container (type 'lxc') and cannot have a user-mode (type 'user') interface");
        foreach (var c in d.Devices.Consoles.Where(c => c.TargetType is not (null or ConsoleTargetType.Lxc)))
            yield return ctx.Unsupported($"is a container (type 'lxc') and its console target type must be 'lxc', not '{c.TargetType!.Value.ToXml()}'");
        if (d.IdMap is { } map)
        {
            if (!map.Uids.Any(u => u.Start == 0) || !map.Gids.Any(g => g.Start == 0))
                yield return ctx.Xml("has an <idmap> that does not map the container's root user and group (a <uid> and a <gid> with start='0')");
            foreach (var e in map.Uids.Concat(map.Gids).Where(e => e.Count == 0))
                yield return ctx.Xml($"has an <idmap> entry starting at {e.Start} with count 0");
        }
    }

    private static IEnumerable<(bool Present, string What)> VmOnlyParts(DomainDef d)
    {
        var dev = d.Devices;
        yield return (dev.Disks.Count > 0, "<disk> devices; give it <filesystem> mounts instead");
        yield return (dev.Graphics.Count > 0, "<graphics> devices");
        yield return (dev.Videos.Count > 0, "<video> devices");
        yield return (dev.Sounds.Count > 0, "<sound> devices");
        yield return (dev.Audios.Count > 0, "<audio> devices");
        yield return (dev.Inputs.Count > 0, "<input> devices");
        yield return (dev.Controllers.Count > 0, "<controller> devices");
        yield return (dev.Serials.Count > 0, "<serial> devices (use <console>)");
        yield return (dev.Channels.Count > 0, "<channel> devices");
        yield return (dev.Rngs.Count > 0, "<rng> devices");
        yield return (dev.Panics.Count > 0, "<panic> devices");
        yield return (dev.Watchdog is not null, "a <watchdog>");
        yield return (dev.MemBalloon is { Model: not MemBalloonModel.None }, "a <memballoon>");
        yield return (d.Os.Kernel is not null || d.Os.Initrd is not null || d.Os.Cmdline is not null, "<kernel>, <initrd> or <cmdline> (it runs on the host kernel)");
        yield return (d.Os.Loader is not null || d.Os.Nvram is not null || d.Os.Firmware is not null, "firmware (<loader>, <nvram> or firmware=)");
        yield return (d.Os.BootDevices.Count > 0 || d.Os.BootMenu is not null || d.Os.Bios is not null, "boot settings (<boot>, <bootmenu>, <bios>)");
    }

    private static IEnumerable<VirException> VirtualMachine(ValidationContext ctx)
    {
        var d = ctx.Def;
        var os = d.Os;
        if (os.Type != OsType.Hvm)
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}') and needs <os><type>hvm</type></os>; os type 'exe' is for containers (type 'lxc')");
        if (os.Init is not null || os.InitArgs.Count > 0 || os.InitEnv.Count > 0 || os.InitDir is not null || os.InitUser is not null || os.InitGroup is not null)
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}'); <init>, <initarg>, <initenv>, <initdir>, <inituser> and <initgroup> are for containers");
        if (d.IdMap is not null)
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}'); <idmap> is for containers");
        if (d.Features?.Capabilities is not null)
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}'); <features><capabilities> is for containers");
        if (d.Features?.PrivNet is not null)
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}'); <features><privnet> is for containers");
        foreach (var c in d.Devices.Consoles.Where(c => c.TargetType == ConsoleTargetType.Lxc))
            yield return ctx.Unsupported($"is a virtual machine (type '{d.Type}'); console target type 'lxc' is for containers");
    }
}
