using Vireo.Core.Xml;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>Rules across devices: unique targets, aliases, MACs, boot orders, controller indexes.</summary>
internal static class DeviceRules
{
    /// <summary>libvirt's checks (and sentences) for character devices' host sides.</summary>
    private static IEnumerable<VirException> CharDevices(ValidationContext ctx)
    {
        var dev = ctx.Def.Devices;
        // Only a channel's socket is made by the driver when no path is given.
        var unix = dev.Serials.Select(s => (s.Type, s.Source)).Concat(dev.Consoles.Select(c => (c.Type, c.Source)));
        if (unix.Any(x => x.Type == CharType.Unix && x.Source?.Path is null))
            yield return VirErrors.Internal("Missing source path attribute for char device", VirErrorDomain.Qemu);
        if (dev.Channels.Any(c => c.Type == CharType.Spicevmc) && dev.Graphics.All(g => g.Type != GraphicsType.Spice))
            yield return VirErrors.Unsupported("chardev 'spicevmc' not supported without spice graphics", VirErrorDomain.Qemu);
    }

    public static IEnumerable<VirException> Check(ValidationContext ctx)
    {
        var d = ctx.Def;
        var dev = d.Devices;
        foreach (var dup in Duplicates(dev.Disks.Select(x => x.Target.Dev)))
        {
            // libvirt's sentence, naming the two disks' sources (<null> for an empty drive, as libvirt prints it).
            var sources = dev.Disks.Where(x => x.Target.Dev == dup).Take(2).Select(x => x.Source?.Path ?? "<null>").ToList();
            yield return VirErrors.Xml($"target '{dup}' duplicated for disk sources '{sources[0]}' and '{sources[1]}'");
        }
        foreach (var disk in dev.Disks)
        {
            if (disk.Device is DiskDevice.Disk or DiskDevice.Lun && disk.Source is null)
                yield return ctx.Xml($"has disk '{disk.Target.Dev}' without a <source>; only cdrom and floppy drives may be empty");
            if (disk.Device == DiskDevice.Lun && disk.Type != DiskType.Block)
                yield return ctx.Unsupported($"has disk '{disk.Target.Dev}' with device='lun', which needs type='block'");
            if (disk.Device == DiskDevice.Floppy && disk.Target.Bus is not (null or DiskBus.Fdc))
                yield return ctx.Unsupported($"has floppy '{disk.Target.Dev}' on bus '{disk.Target.Bus!.Value.ToXml()}'; floppies use the fdc bus");
            if (disk.IoTune is { } tune)
            {
                foreach (var problem in IoTuneRules.Check(tune)) yield return problem;
            }
        }
        foreach (var dup in Duplicates(AllAliases(dev)))
            yield return ctx.Xml($"uses device alias '{dup}' more than once");
        foreach (var dup in Duplicates(dev.Interfaces.Where(i => i.Mac is not null).Select(i => i.Mac!.Value.ToString())))
            yield return ctx.Xml($"has more than one interface with MAC address {dup}");
        foreach (var i in dev.Interfaces)
        {
            var needs = i.Type switch
            {
                InterfaceType.Network => i.Source?.Network is null ? "a <source network>" : null,
                InterfaceType.Bridge => i.Source?.Bridge is null ? "a <source bridge>" : null,
                InterfaceType.Direct => i.Source?.Dev is null ? "a <source dev>" : null,
                _ => null,
            };
            if (needs is not null)
                yield return ctx.Xml($"has an interface of type '{i.Type.ToXml()}' without {needs}");
            if (i.Mtu is 0) yield return ctx.Xml("has an interface with <mtu size='0'>");
        }
        // USB companion controllers (<master startport>) share the index of the EHCI controller they serve.
        foreach (var dup in Duplicates(dev.Controllers.Where(c => c.MasterStartPort is null).Select(c => $"{c.Type.ToXml()} controller index {c.Index}")))
            yield return ctx.Xml($"has more than one {dup}");
        foreach (var dup in Duplicates(dev.Serials.Where(s => s.TargetPort is not null).Select(s => s.TargetPort!.Value.ToString())))
            yield return ctx.Xml($"has more than one serial port with target port {dup}");
        foreach (var problem in BootOrders(ctx)) yield return problem;
        foreach (var problem in CharDevices(ctx)) yield return problem;
        if (dev.Audios.Select(a => a.Id) is var ids && Duplicates(ids.Select(i => i.ToString())).FirstOrDefault() is { } dupAudio)
            yield return ctx.Xml($"has more than one <audio> with id {dupAudio}");
        foreach (var sound in dev.Sounds.Where(s => s.AudioId is not null && dev.Audios.All(a => a.Id != s.AudioId)))
            yield return ctx.Xml($"has a sound device using audio id {sound.AudioId}, but no <audio> with that id");
    }

    private static IEnumerable<VirException> BootOrders(ValidationContext ctx)
    {
        var dev = ctx.Def.Devices;
        var orders = dev.Disks.Select(x => x.BootOrder).Concat(dev.Interfaces.Select(x => x.BootOrder))
            .Where(o => o is not null).Select(o => o!.Value).ToList();
        if (orders.Count > 0 && ctx.Def.Os.BootDevices.Count > 0)
            yield return ctx.Unsupported("uses per-device <boot order> together with <os><boot dev>; use one or the other");
        if (orders.Contains(0u)) yield return ctx.Xml("has a device with <boot order='0'>; boot orders start at 1");
        foreach (var dup in Duplicates(orders.Select(o => o.ToString())))
            yield return ctx.Xml($"gives boot order {dup} to more than one device");
        foreach (var dup in Duplicates(ctx.Def.Os.BootDevices.Select(b => b.ToXml())))
            yield return ctx.Xml($"lists boot device '{dup}' more than once in <os>");
    }

    private static IEnumerable<string> AllAliases(DevicesDef d) =>
        d.Disks.Select(x => x.Alias).Concat(d.Controllers.Select(x => x.Alias)).Concat(d.Filesystems.Select(x => x.Alias))
            .Concat(d.Interfaces.Select(x => x.Alias)).Concat(d.Serials.Select(x => x.Alias)).Concat(d.Channels.Select(x => x.Alias))
            .Concat(d.Inputs.Select(x => x.Alias)).Concat(d.Sounds.Select(x => x.Alias)).Concat(d.Videos.Select(x => x.Alias))
            .Concat([d.Watchdog?.Alias]).Concat([d.MemBalloon?.Alias]).Concat(d.Rngs.Select(x => x.Alias))
            .Concat(d.Panics.Select(x => x.Alias))
            .Where(a => a is not null)!;

    // Consoles are left out above on purpose: libvirt gives a console mirroring serial0 the same alias.
    private static IEnumerable<string> Duplicates(IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
            if (!seen.Add(v) && reported.Add(v)) yield return v;
    }
}
