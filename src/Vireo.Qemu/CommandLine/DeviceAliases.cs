using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The device aliases libvirt's QEMU driver gives a guest at start (qemu_alias.c's scheme), pure: they are
/// the qdev ids on QEMU's command line, so the live XML, device_del, DEVICE_DELETED events, domstats and
/// detach-device-alias all name a device the same way. A user alias (<see cref="UserPrefix"/>) is kept and
/// used as the id, as libvirt does; any other alias is runtime output of an earlier start and is made anew.
/// The command-line builders take their ids from the functions here, so the two cannot drift apart.
/// </summary>
internal static class DeviceAliases
{
    /// <summary>libvirt's USER_ALIAS_PREFIX: aliases a user may choose, kept in the saved definition.</summary>
    public const string UserPrefix = "ua-";

    public static bool IsUserAlias(string? alias) => alias is not null && alias.StartsWith(UserPrefix, StringComparison.Ordinal);

    /// <summary>A user alias wins; anything else is replaced by the generated name.</summary>
    public static string Pick(string? alias, string generated) => IsUserAlias(alias) ? alias! : generated;

    public static string Disk(DiskDef disk)
    {
        var bus = DiskAddressing.BusOf(disk);
        var pos = DiskAddressing.PositionOf(disk, bus);
        int index = DiskAddressing.NameIndex(disk.Target.Dev) ?? 0;
        return Pick(disk.Alias, bus switch
        {
            DiskBus.Virtio => $"virtio-disk{index}",
            DiskBus.Ide => $"ide{pos.Controller}-{pos.Bus}-{pos.Unit}",
            DiskBus.Sata => $"sata{pos.Controller}-0-{pos.Unit}",
            DiskBus.Scsi => $"scsi{pos.Controller}-{pos.Bus}-{disk.Address?.Target ?? 0}-{pos.Unit}",
            DiskBus.Usb => $"usb-disk{index}",
            _ => $"fdc0-0-{pos.Unit}",
        });
    }

    /// <summary>
    /// qemuAssignDeviceControllerAlias: the root bus is "pci.0" (i440fx) or "pcie.0" (Q35, QEMU's own name),
    /// the built-in IDE (i440fx) and the first SATA controller of Q35 are "ide", the first USB controller "usb".
    /// </summary>
    public static string Controller(ControllerDef c, bool q35) => Pick(c.Alias, c.Type switch
    {
        ControllerType.Pci => c.Model == "pcie-root" ? $"pcie.{c.Index}" : $"pci.{c.Index}",
        ControllerType.Usb => c.Index == 0 ? "usb" : $"usb{c.Index}",
        ControllerType.Scsi => $"scsi{c.Index}",
        ControllerType.Sata => q35 && c.Index == 0 ? "ide" : $"sata{c.Index}",
        ControllerType.VirtioSerial => $"virtio-serial{c.Index}",
        ControllerType.Ide => !q35 && c.Index == 0 ? "ide" : $"ide{c.Index}",
        _ => $"fdc{c.Index}",
    });

    public static string Interface(InterfaceDef nic, int index) => Pick(nic.Alias, $"net{index}");
    public static string Filesystem(FilesystemDef fs, int index) => Pick(fs.Alias, $"fs{index}");
    public static string Serial(SerialDef serial, int index) => Pick(serial.Alias, $"serial{index}");
    public static string Console(ConsoleDef console, int index) => Pick(console.Alias, $"console{index}");
    public static string Channel(ChannelDef channel, int index) => Pick(channel.Alias, $"channel{index}");
    public static string Input(InputDef input, int index) => Pick(input.Alias, $"input{index}");
    public static string Sound(SoundDef sound, int index) => Pick(sound.Alias, $"sound{index}");
    public static string Video(VideoDef video, int index) => Pick(video.Alias, $"video{index}");
    public static string Rng(RngDef rng, int index) => Pick(rng.Alias, $"rng{index}");
    public static string Watchdog(WatchdogDef watchdog) => Pick(watchdog.Alias, "watchdog0");
    public static string Balloon(MemBalloonDef balloon) => Pick(balloon.Alias, "balloon0");

    /// <summary>
    /// The definition with every device's alias as the guest runs it (qemuAssignDeviceAliases). A first console
    /// that is a serial port's (target serial) is that port, and carries its alias; a balloon of model none and
    /// the devices libvirt names no QEMU device for (graphics, audio, panic) get none.
    /// </summary>
    public static DomainDef Assign(DomainDef def, bool q35)
    {
        var d = def.Devices;
        var serials = d.Serials.Select((x, i) => x with { Alias = Serial(x, i) }).ToList();
        return def with
        {
            Devices = d with
            {
                Disks = [.. d.Disks.Select(x => x with { Alias = Disk(x) })],
                Controllers = [.. d.Controllers.Select(x => x with { Alias = Controller(x, q35) })],
                Filesystems = [.. d.Filesystems.Select((x, i) => x with { Alias = Filesystem(x, i) })],
                Interfaces = [.. d.Interfaces.Select((x, i) => x with { Alias = Interface(x, i) })],
                Serials = serials,
                Consoles = [.. d.Consoles.Select((x, i) => x with { Alias = ConsoleAlias(x, i, serials) })],
                Channels = [.. d.Channels.Select((x, i) => x with { Alias = Channel(x, i) })],
                Inputs = [.. d.Inputs.Select((x, i) => x with { Alias = Input(x, i) })],
                Sounds = [.. d.Sounds.Select((x, i) => x with { Alias = Sound(x, i) })],
                Videos = [.. d.Videos.Select((x, i) => x with { Alias = Video(x, i) })],
                Rngs = [.. d.Rngs.Select((x, i) => x with { Alias = Rng(x, i) })],
                Watchdog = d.Watchdog is { } w ? w with { Alias = Watchdog(w) } : null,
                MemBalloon = d.MemBalloon is { } b ? b with { Alias = b.Model == MemBalloonModel.None ? null : Balloon(b) } : null,
            },
        };
    }

    private static string ConsoleAlias(ConsoleDef console, int index, IReadOnlyList<SerialDef> serials)
    {
        if (index == 0 && console.TargetType is null or ConsoleTargetType.Serial
            && serials.FirstOrDefault(s => (s.TargetPort ?? 0) == (console.TargetPort ?? 0)) is { } serial)
            return serial.Alias!;
        return Console(console, index);
    }

    /// <summary>
    /// What is kept of the aliases when a definition is saved (libvirt parses only user aliases of an inactive
    /// definition): generated ones are runtime output and must not leak into the configuration.
    /// </summary>
    public static DomainDef KeepUserAliases(DomainDef def)
    {
        string? Keep(string? alias) => IsUserAlias(alias) ? alias : null;
        var d = def.Devices;
        return def with
        {
            Devices = d with
            {
                Disks = [.. d.Disks.Select(x => x with { Alias = Keep(x.Alias) })],
                Controllers = [.. d.Controllers.Select(x => x with { Alias = Keep(x.Alias) })],
                Filesystems = [.. d.Filesystems.Select(x => x with { Alias = Keep(x.Alias) })],
                Interfaces = [.. d.Interfaces.Select(x => x with { Alias = Keep(x.Alias) })],
                Serials = [.. d.Serials.Select(x => x with { Alias = Keep(x.Alias) })],
                Consoles = [.. d.Consoles.Select(x => x with { Alias = Keep(x.Alias) })],
                Channels = [.. d.Channels.Select(x => x with { Alias = Keep(x.Alias) })],
                Inputs = [.. d.Inputs.Select(x => x with { Alias = Keep(x.Alias) })],
                Sounds = [.. d.Sounds.Select(x => x with { Alias = Keep(x.Alias) })],
                Videos = [.. d.Videos.Select(x => x with { Alias = Keep(x.Alias) })],
                Rngs = [.. d.Rngs.Select(x => x with { Alias = Keep(x.Alias) })],
                Panics = [.. d.Panics.Select(x => x with { Alias = Keep(x.Alias) })],
                Watchdog = d.Watchdog is { } w ? w with { Alias = Keep(w.Alias) } : null,
                MemBalloon = d.MemBalloon is { } b ? b with { Alias = Keep(b.Alias) } : null,
            },
        };
    }
}
