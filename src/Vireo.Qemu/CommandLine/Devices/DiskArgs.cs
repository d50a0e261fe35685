using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Disks as libvirt 9 starts them: a protocol node ("libvirt-N-storage": file or host_device) under a
/// format node ("libvirt-N-format": raw or qcow2), N being the disk's position in the XML plus one,
/// then the guest device with drive= the format node and libvirt's device id (virtio-disk0,
/// ide0-1-0, sata0-0-2, scsi0-0-0-1, usb-disk3, fdc0-0-0). The backing chain of a qcow2 image is
/// opened by QEMU from the image header.
/// </summary>
internal static class DiskArgs
{
    public static void Reserve(BuildSession s)
    {
        foreach (var disk in s.Def.Devices.Disks.Where(d => DiskAddressing.BusOf(d) == DiskBus.Virtio))
            s.Pci.ReserveExplicit(disk.Address, Describe(disk));
    }

    public static void Emit(BuildSession s, BootPlan boot)
    {
        DiskSecretArgs.EmitMasterKey(s);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var disks = s.Def.Devices.Disks;
        for (int i = 0; i < disks.Count; i++)
        {
            var disk = disks[i];
            var what = Describe(disk);
            var bus = DiskAddressing.BusOf(disk);
            Validate(s, disk, bus, what);
            var id = DeviceAliases.Disk(disk);
            if (!ids.Add(id))
                throw s.Unsupported($"{what} of {s.Owner} sits at the same place as another disk ({id}); give the disks different targets or addresses");

            var format = disk.Driver?.Format ?? DiskFormat.Raw;
            bool readOnly = disk.ReadOnly || disk.Device == DiskDevice.Cdrom;
            string? storage = null, formatNode = null;
            if (disk.Source is { } source)
            {
                storage = $"libvirt-{i + 1}-storage";
                formatNode = $"libvirt-{i + 1}-format";
                EmitBlockdevs(s, disk, source.Path, format, readOnly, storage, formatNode);
            }
            EmitDevice(s, disk, bus, id, formatNode, boot.IndexOfDisk(i), what);
            if (disk.Source is not null && Driver.Features.BlockIoTune.IoTuneQmp.Enabled(disk.IoTune))
                EmitThrottle(s, Driver.Features.BlockIoTune.IoTuneQmp.QomId(id, bus), disk.IoTune!, what);
            s.Disks.Add(new QemuDiskInfo
            {
                Index = i, TargetDev = disk.Target.Dev, DeviceId = id, StorageNode = storage, FormatNode = formatNode,
                Source = disk.Source?.Path, Format = format, ReadOnly = readOnly,
            });
        }
    }

    /// <summary>
    /// &lt;iotune&gt;: libvirt 9 throttles a -blockdev disk with block_set_io_throttle before the guest runs (an
    /// empty drive has nothing to throttle).
    /// </summary>
    private static void EmitThrottle(BuildSession s, string qomId, DiskIoTuneDef tune, string what) =>
        s.StartupCommand("block_set_io_throttle", $"I/O throttling of {what}", secret: false, w =>
        {
            foreach (var (name, value) in Driver.Features.BlockIoTune.IoTuneQmp.Arguments(qomId, tune))
            {
                w.WritePropertyName(name);
                value!.WriteTo(w);
            }
        });

    /// <summary>
    /// error_policy as QEMU's werror/rerror, as libvirt maps it: a read error follows error_policy unless
    /// rerror_policy is given, except for enospace (QEMU has no such read policy).
    /// </summary>
    internal static (string? Werror, string? Rerror) ErrorPolicies(DiskDriverDef? d)
    {
        static string? Qemu(DiskErrorPolicy? p) => p switch
        {
            DiskErrorPolicy.Stop => "stop",
            DiskErrorPolicy.Report => "report",
            DiskErrorPolicy.Ignore => "ignore",
            DiskErrorPolicy.Enospace => "enospc",
            _ => null,
        };
        var read = d?.RerrorPolicy ?? (d?.ErrorPolicy == DiskErrorPolicy.Enospace ? null : d?.ErrorPolicy);
        return (Qemu(d?.ErrorPolicy), read == DiskErrorPolicy.Enospace ? null : Qemu(read));
    }

    private static void Validate(BuildSession s, DiskDef disk, DiskBus bus, string what)
    {
        if (disk.Device == DiskDevice.Lun)
            throw s.Unsupported($"{what} of {s.Owner} is device='lun' (SCSI passthrough), which Vireo does not support; use device='disk'");
        if (disk.Source is null && disk.Device is DiskDevice.Disk)
            throw s.Unsupported($"{what} of {s.Owner} has no <source>; only a cdrom or floppy drive may be empty");
        if (disk.Device == DiskDevice.Cdrom && bus is DiskBus.Virtio or DiskBus.Fdc)
            throw s.Unsupported($"{what} of {s.Owner} is a cdrom on bus '{BusName(bus)}'; use bus='sata', 'scsi', 'ide' or 'usb'");
        if (disk.Device == DiskDevice.Floppy && bus != DiskBus.Fdc)
            throw s.Unsupported($"{what} of {s.Owner} is a floppy on bus '{BusName(bus)}'; floppies need bus='fdc'");
        if (bus == DiskBus.Fdc && disk.Device != DiskDevice.Floppy)
            throw s.Unsupported($"{what} of {s.Owner} is on bus 'fdc', which only takes device='floppy'");
        if (bus == DiskBus.Ide && s.IsQ35)
            throw s.Unsupported($"{what} of {s.Owner} is on bus 'ide', but machine type '{s.Machine.Name}' has no IDE controller; use bus='sata'");
        if (bus == DiskBus.Fdc && s.IsQ35)
            throw s.Unsupported($"{what} of {s.Owner} is a floppy, but machine type '{s.Machine.Name}' has no floppy controller");
        if (bus == DiskBus.Usb && disk.Source is null)
            throw s.Unsupported($"{what} of {s.Owner} is an empty USB drive; a usb-storage device needs a medium");
        if (disk.Address is { } a && (bus == DiskBus.Virtio ? a.Type != AddressType.Pci
                                      : bus == DiskBus.Usb ? a.Type != AddressType.Usb : a.Type != AddressType.Drive))
            throw s.Unsupported($"{what} of {s.Owner} has an address of type '{a.Type.ToString().ToLowerInvariant()}', which does not fit bus '{BusName(bus)}'");
        if (disk.Shareable && disk.Driver?.Format == DiskFormat.Qcow2)
            throw s.Unsupported($"{what} of {s.Owner} is shareable, which needs a raw image; qcow2 cannot be written by two guests at once");
        if (disk.Driver?.IoThread is not null && bus != DiskBus.Virtio)
            throw s.Unsupported($"{what} of {s.Owner} is on bus '{BusName(bus)}' with an IOThread; IOThreads are available only for virtio disks");
        var cache = disk.Driver?.Cache;
        if (disk.Driver?.Io == DiskIo.Native && cache is not (DiskCache.None or DiskCache.Directsync))
            throw s.Unsupported($"{what} of {s.Owner} asks for io='native', which needs cache='none' or cache='directsync' (O_DIRECT)");
    }

    private static void EmitBlockdevs(BuildSession s, DiskDef disk, string path, DiskFormat format, bool readOnly,
                                      string storage, string formatNode)
    {
        var driver = disk.Type == DiskType.Block ? (disk.Device == DiskDevice.Cdrom ? "host_cdrom" : "host_device") : "file";
        var (direct, noFlush) = CacheFlags(disk.Driver?.Cache);
        var protocol = new QemuProps().Add("driver", driver).Add("filename", path).Add("node-name", storage)
            .Add("auto-read-only", true).Add("discard", "unmap");
        AddCache(protocol, direct, noFlush);
        protocol.Add("aio", disk.Driver?.Io switch
        {
            DiskIo.Native => "native",
            DiskIo.Threads => "threads",
            DiskIo.IoUring => "io_uring",
            _ => null,
        });
        s.Add("-blockdev", protocol);

        var fmt = new QemuProps().Add("node-name", formatNode).Add("read-only", readOnly)
            .Add("discard", disk.Driver?.Discard switch { DiskDiscard.Unmap => "unmap", DiskDiscard.Ignore => "ignore", _ => null });
        AddCache(fmt, direct, noFlush);
        DiskSecretArgs.AddFormatDriver(s, disk, format, formatNode, fmt);
        fmt.Add("file", storage);
        s.Add("-blockdev", fmt);
    }

    private static void EmitDevice(BuildSession s, DiskDef disk, DiskBus bus, string id, string? drive, uint? bootIndex, string what)
    {
        bool cd = disk.Device == DiskDevice.Cdrom;
        var pos = DiskAddressing.PositionOf(disk, bus);
        string driver;
        QemuProps props;
        switch (bus)
        {
            case DiskBus.Virtio:
                driver = "virtio-blk-pci";
                props = new QemuProps(driver);
                if (disk.Driver?.IoThread is { } io) props.Add("iothread", ControllerArgs.IoThreadId(s, io, what));
                s.Pci.Place(props, disk.Address, id, what);
                break;
            case DiskBus.Ide:
                if (pos.Controller != 0 || pos.Bus > 1 || pos.Unit > 1)
                    throw s.Unsupported($"{what} of {s.Owner} is at IDE controller {pos.Controller} bus {pos.Bus} unit {pos.Unit}; the built-in IDE controller has buses 0-1 with units 0-1 (hda-hdd)");
                driver = cd ? "ide-cd" : "ide-hd";
                props = new QemuProps(driver).Add("bus", $"ide.{pos.Bus}").Add("unit", pos.Unit);
                break;
            case DiskBus.Sata:
                driver = cd ? "ide-cd" : "ide-hd";
                props = new QemuProps(driver).Add("bus", s.Controllers.SataBus(pos.Controller, pos.Unit, what));
                break;
            case DiskBus.Scsi:
                driver = cd ? "scsi-cd" : "scsi-hd";
                props = new QemuProps(driver).Add("bus", s.Controllers.ScsiBus(pos.Controller, what));
                var controller = s.Controllers.OfType(ControllerType.Scsi).First(c => c.Index == pos.Controller);
                if (controller.Model is "virtio-scsi" or "virtio-transitional" or "virtio-non-transitional")
                    props.Add("channel", pos.Bus).Add("scsi-id", disk.Address?.Target ?? 0).Add("lun", pos.Unit);
                else
                {
                    if (pos.Unit > 6)
                        throw s.Unsupported($"{what} of {s.Owner} asks for SCSI unit {pos.Unit}; an LSI controller has units 0-6");
                    props.Add("scsi-id", pos.Unit);
                }
                if (!cd) props.Add("device_id", "drive-" + id);
                break;
            case DiskBus.Usb:
                driver = "usb-storage";
                props = new QemuProps(driver).Add("bus", s.Controllers.UsbBus(disk.Address, what));
                if (disk.Address?.UsbPort is { } port) props.Add("port", port);
                break;
            default: // fdc
                if (pos.Unit > 1)
                    throw s.Unsupported($"{what} of {s.Owner} asks for floppy unit {pos.Unit}; the floppy controller has units 0-1 (fda, fdb)");
                driver = "floppy";
                props = new QemuProps(driver).Add("unit", pos.Unit);
                break;
        }
        props.Add("drive", drive).Add("id", id).Add("bootindex", bootIndex);
        if (bus == DiskBus.Usb && cd) props.Add("removable", true);
        var writeCache = WriteCache(disk.Driver?.Cache);
        if (bus != DiskBus.Fdc) props.Add("write-cache", writeCache);
        if (disk.Serial is { } serial) props.Add("serial", serial);
        if (disk.Shareable) props.Add("share-rw", true);
        var (werror, rerror) = ErrorPolicies(disk.Driver);
        props.Add("werror", werror).Add("rerror", rerror);
        s.Device(driver, props, what);
    }

    /// <summary>libvirt's cache modes as QEMU's three knobs: O_DIRECT, ignore flushes, and the guest-visible write cache.</summary>
    private static (bool? Direct, bool? NoFlush) CacheFlags(DiskCache? cache) => cache switch
    {
        DiskCache.None => (true, false),
        DiskCache.Writethrough => (false, false),
        DiskCache.Writeback => (false, false),
        DiskCache.Directsync => (true, false),
        DiskCache.Unsafe => (false, true),
        _ => (null, null),
    };

    private static bool? WriteCache(DiskCache? cache) => cache switch
    {
        DiskCache.None or DiskCache.Writeback or DiskCache.Unsafe => true,
        DiskCache.Writethrough or DiskCache.Directsync => false,
        _ => null,
    };

    private static void AddCache(QemuProps props, bool? direct, bool? noFlush)
    {
        if (direct is null) return;
        props.Add("cache.direct", direct).Add("cache.no-flush", noFlush);
    }

    public static string Describe(DiskDef d) => $"<disk> '{d.Target.Dev}'";

    private static string BusName(DiskBus bus) => bus.ToString().ToLowerInvariant();
}
