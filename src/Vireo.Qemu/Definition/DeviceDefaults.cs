using Vireo.Core.Domain;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Definition;

/// <summary>
/// Per-device defaults of libvirt's QEMU driver: disk buses from the target name and &lt;driver name='qemu'
/// type='raw'&gt;, input buses, the rtl8139 NIC model, isa-serial serial ports numbered in order, channel sockets
/// that libvirt would make itself left out, graphics listens and VNC's autoport, a cirrus video card when there is
/// graphics but no video, video memory sizes, one head and the primary card; and the controllers' models
/// (piix3-uhci or qemu-xhci USB, lsilogic SCSI); a watchdog's action defaults to reset.
/// </summary>
internal static class DeviceDefaults
{
    /// <summary>Where libvirt's QEMU driver keeps the sockets of channels defined without a path (left out of the XML).</summary>
    private const string LibvirtChannelDir = "/var/lib/libvirt/qemu/channel/target/";

    public static DomainDef Apply(DomainDef def, MachineFamily machine)
    {
        var d = def.Devices;
        var serials = new List<SerialDef>();
        foreach (var serial in d.Serials)
        {
            var targetType = serial.TargetType ?? (serial.TargetModel == "usb-serial" ? "usb-serial" : serial.TargetModel == "pci-serial" ? "pci-serial" : "isa-serial");
            serials.Add(serial with
            {
                TargetType = targetType,
                TargetModel = serial.TargetModel ?? targetType,
                TargetPort = serial.TargetPort ?? (serials.Count == 0 ? 0 : serials.Max(s => s.TargetPort ?? 0) + 1),
            });
        }
        var videos = Videos(d);
        return def with
        {
            Devices = d with
            {
                Disks = d.Disks.Select(Disk).ToList(),
                Inputs = d.Inputs.Select(i => i with { Bus = i.Bus ?? InputBus(i.Type) }).ToList(),
                Interfaces = d.Interfaces.Select(i => i with { Model = i.Model ?? "rtl8139" }).ToList(),
                Serials = serials,
                Consoles = d.Consoles.Select((c, i) => c with { TargetPort = c.TargetPort ?? (uint)i }).ToList(),
                Channels = d.Channels.Select(Channel).ToList(),
                Graphics = d.Graphics.Select(Graphics).ToList(),
                Videos = videos,
                Watchdog = d.Watchdog is { Action: null } w ? w with { Action = WatchdogAction.Reset } : d.Watchdog,
            },
        };
    }

    public static DomainDef ApplyControllers(DomainDef def, MachineFamily machine, QemuEmulatorCaps caps) =>
        def with
        {
            Devices = def.Devices with
            {
                Controllers = def.Devices.Controllers.Select(c => c.Model is not null ? c : c.Type switch
                {
                    ControllerType.Usb when UsbModel(machine, c.Index, caps) is { } usb => c with { Model = usb },
                    ControllerType.Scsi => c with { Model = "lsilogic" },
                    _ => c,
                }).ToList(),
            },
        };

    /// <summary>The USB controller libvirt picks when none is named: piix3-uhci on i440fx, qemu-xhci on Q35.</summary>
    public static string? UsbModel(MachineFamily machine, uint index, QemuEmulatorCaps caps) => machine switch
    {
        MachineFamily.Q35 when caps.HasDevice("qemu-xhci") => "qemu-xhci",
        MachineFamily.Q35 => "ich9-ehci1",
        MachineFamily.I440fx => "piix3-uhci",
        _ => null,
    };

    /// <summary>On a PC a tablet defaults to USB, a mouse and a keyboard to PS/2.</summary>
    public static InputBus InputBus(InputType type) => type == InputType.Tablet ? Core.Domain.InputBus.Usb : Core.Domain.InputBus.Ps2;

    private static DiskDef Disk(DiskDef disk) => disk with
    {
        Target = disk.Target with { Bus = CommandLine.DiskAddressing.BusOf(disk) },
        Driver = (disk.Driver ?? new DiskDriverDef()) with
        {
            Name = disk.Driver?.Name ?? "qemu",
            Format = disk.Driver?.Format ?? DiskFormat.Raw,
        },
    };

    private static ChannelDef Channel(ChannelDef channel)
    {
        if (channel.Type == CharType.Spicevmc && channel.TargetName is null)
            return channel with { TargetName = "com.redhat.spice.0" };
        // A unix channel without a path (or with the one libvirt made) gets its socket when the guest starts.
        if (channel.Type == CharType.Unix && channel.Source is { } source
            && (source.Path is null || source.Path.StartsWith(LibvirtChannelDir, StringComparison.Ordinal) && source.Mode is null or CharSourceMode.Bind))
            return channel with { Source = null };
        return channel;
    }

    private static GraphicsDef Graphics(GraphicsDef g)
    {
        if (g.Listens.Count == 0 && g.SocketAttribute is null)
        {
            var listen = g.ListenAttribute is { } address ? new GraphicsListenDef(GraphicsListenType.Address, address)
                : g.Type == GraphicsType.Vnc || g.Port is not null || g.TlsPort is not null || g.AutoPort is not null ? new GraphicsListenDef(GraphicsListenType.Address)
                : new GraphicsListenDef(GraphicsListenType.None);
            g = g with { Listens = [listen] };
        }
        if (g.ListenAttribute is null && g.Listens.FirstOrDefault(l => l.Type == GraphicsListenType.Address) is { Address: { } first })
            g = g with { ListenAttribute = first };
        if (g.Type == GraphicsType.Vnc && g.Listens.All(l => l.Type == GraphicsListenType.Address))
        {
            // VNC: port='-1' and autoport='yes' mean the same, and libvirt writes both.
            if (g.Port is null or -1 && g.AutoPort is null or YesNo.Yes) g = g with { Port = -1, AutoPort = YesNo.Yes };
        }
        return g;
    }

    private static List<VideoDef> Videos(DevicesDef d)
    {
        var videos = d.Videos.ToList();
        if (videos.Count == 0 && d.Graphics.Count > 0) videos.Add(new VideoDef { Model = VideoModel.Cirrus });
        // The primary card comes first.
        var primary = videos.FindIndex(v => v.Primary == YesNo.Yes);
        if (primary > 0) { var p = videos[primary]; videos.RemoveAt(primary); videos.Insert(0, p); }
        return videos.Select((v, i) => Video(v, i == 0)).ToList();
    }

    private static VideoDef Video(VideoDef v, bool first)
    {
        if (v.Model == VideoModel.None) return v;
        v = v with { Heads = v.Heads ?? 1, Primary = first ? YesNo.Yes : v.Primary };
        return v.Model switch
        {
            VideoModel.Vga or VideoModel.Cirrus or VideoModel.Bochs => v with { Vram = v.Vram ?? 16384 },
            VideoModel.Qxl => v with { Ram = v.Ram ?? 65536, Vram = v.Vram ?? 65536, Vgamem = v.Vgamem ?? 16384 },
            _ => v,
        };
    }
}
