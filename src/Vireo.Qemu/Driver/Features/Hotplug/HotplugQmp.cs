using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// The QMP commands of a hot-plug, pure (golden-tested), shaped like the command-line devices of the
/// same XML (docs/qemu-mapping.md) but with JSON types: blockdev-add for the protocol and format
/// nodes of a disk, netdev_add for a NIC's backend, device_add for the guest device. Devices go on
/// the root PCI bus and QEMU picks a free slot (i440fx's pci.0 is hot-pluggable).
/// </summary>
internal static class HotplugQmp
{
    public static QmpCommand DiskStorageNode(DiskDef disk, string nodeName)
    {
        var node = new JsonObject
        {
            ["driver"] = disk.Type == DiskType.Block ? "host_device" : "file",
            ["filename"] = disk.Source!.Path,
            ["node-name"] = nodeName,
            ["auto-read-only"] = true,
            ["discard"] = "unmap",
        };
        AddCache(node, disk.Driver?.Cache);
        if (disk.Driver?.Io is { } io) node["aio"] = io switch { DiskIo.Native => "native", DiskIo.IoUring => "io_uring", _ => "threads" };
        return QmpCommands.BlockdevAdd(node);
    }

    public static QmpCommand DiskFormatNode(DiskDef disk, string nodeName, string storageNode)
    {
        var node = new JsonObject { ["node-name"] = nodeName, ["read-only"] = disk.ReadOnly };
        if (disk.Driver?.Discard is { } discard) node["discard"] = discard == DiskDiscard.Unmap ? "unmap" : "ignore";
        AddCache(node, disk.Driver?.Cache);
        node["driver"] = disk.Driver?.Format == DiskFormat.Qcow2 ? "qcow2" : "raw";
        node["file"] = storageNode;
        return QmpCommands.BlockdevAdd(node);
    }

    public static QmpCommand DiskDevice(DiskDef disk, string deviceId, string formatNode)
    {
        var props = new List<KeyValuePair<string, JsonNode?>>();
        if (disk.Driver?.IoThread is { } io) props.Add(new("iothread", $"iothread{io}"));
        props.Add(new("bus", "pci.0"));
        props.Add(new("drive", formatNode));
        if (WriteCache(disk.Driver?.Cache) is { } wc) props.Add(new("write-cache", wc ? "on" : "off"));
        if (disk.Serial is { } serial) props.Add(new("serial", serial));
        if (disk.Shareable) props.Add(new("share-rw", true));
        return QmpCommands.DeviceAdd("virtio-blk-pci", deviceId, props);
    }

    /// <summary>-netdev tap on descriptors named with getfd (one per queue), or user-mode networking.</summary>
    public static QmpCommand Netdev(InterfaceDef nic, string netdevId, IReadOnlyList<string> fdNames, bool vhost)
    {
        if (nic.Type == InterfaceType.User) return QmpCommands.NetdevAdd("user", netdevId);
        var props = new List<KeyValuePair<string, JsonNode?>>();
        props.Add(fdNames.Count == 1 ? new("fd", fdNames[0]) : new("fds", string.Join(':', fdNames)));
        if (vhost) props.Add(new("vhost", true));
        return QmpCommands.NetdevAdd("tap", netdevId, props);
    }

    public static QmpCommand NicDevice(InterfaceDef nic, string deviceId, string netdevId, string domainName)
    {
        var model = nic.Model ?? "rtl8139";
        var driver = model switch
        {
            "virtio" => "virtio-net-pci",
            "virtio-transitional" => "virtio-net-pci-transitional",
            "virtio-non-transitional" => "virtio-net-pci-non-transitional",
            "usb-net" => throw VirErrors.Unsupported($"a usb-net interface cannot be hot-plugged into domain '{domainName}'; use a PCI model such as virtio", VirErrorDomain.Qemu),
            _ => model,
        };
        var props = new List<KeyValuePair<string, JsonNode?>> { new("bus", "pci.0"), new("netdev", netdevId), new("mac", nic.Mac!.Value.ToString()) };
        var d = nic.Driver;
        uint queues = d?.Queues ?? 1;
        if (queues > 1)
        {
            props.Add(new("mq", true));
            props.Add(new("vectors", 2 * queues + 2)); // a vector per rx and tx queue, plus config and control
        }
        if (d?.RxQueueSize is { } rx) props.Add(new("rx_queue_size", rx));
        if (d?.TxQueueSize is { } tx) props.Add(new("tx_queue_size", tx));
        if (d?.TxMode is { } mode) props.Add(new("tx", mode == TxMode.Iothread ? "bh" : "timer"));
        if (d?.Host is { } h)
        {
            Flag(props, "csum", h.Csum); Flag(props, "gso", h.Gso); Flag(props, "host_tso4", h.Tso4); Flag(props, "host_tso6", h.Tso6);
            Flag(props, "host_ecn", h.Ecn); Flag(props, "host_ufo", h.Ufo); Flag(props, "mrg_rxbuf", h.MrgRxbuf);
        }
        if (d?.Guest is { } g)
        {
            Flag(props, "guest_csum", g.Csum); Flag(props, "guest_tso4", g.Tso4); Flag(props, "guest_tso6", g.Tso6);
            Flag(props, "guest_ecn", g.Ecn); Flag(props, "guest_ufo", g.Ufo);
        }
        if (nic.Mtu is { } mtu) props.Add(new("host_mtu", mtu));
        return QmpCommands.DeviceAdd(driver, deviceId, props);
    }

    private static void Flag(List<KeyValuePair<string, JsonNode?>> props, string name, OnOff? value)
    {
        if (value is { } v) props.Add(new(name, v == OnOff.On));
    }

    private static void AddCache(JsonObject node, DiskCache? cache)
    {
        (bool Direct, bool NoFlush)? flags = cache switch
        {
            DiskCache.None or DiskCache.Directsync => (true, false),
            DiskCache.Writethrough or DiskCache.Writeback => (false, false),
            DiskCache.Unsafe => (false, true),
            _ => null,
        };
        if (flags is { } f) node["cache"] = new JsonObject { ["direct"] = f.Direct, ["no-flush"] = f.NoFlush };
    }

    private static bool? WriteCache(DiskCache? cache) => cache switch
    {
        DiskCache.None or DiskCache.Writeback or DiskCache.Unsafe => true,
        DiskCache.Writethrough or DiskCache.Directsync => false,
        _ => null,
    };
}
