using System.Security.Cryptography;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Network interfaces: -netdev (user, or tap on descriptors the driver opened for bridge, network,
/// ethernet and direct/macvtap) and the NIC -device ("hostnetN" and "netN"). vhost-net is used only
/// when /dev/vhost-net exists: with it missing, vhost=on makes QEMU 7.2 abort.
/// </summary>
internal static class InterfaceArgs
{
    public static void Reserve(BuildSession s)
    {
        var nics = s.Def.Devices.Interfaces;
        for (int i = 0; i < nics.Count; i++)
            s.Pci.ReserveExplicit(nics[i].Address, Describe(nics[i], i));
    }

    public static void Emit(BuildSession s, BootPlan boot)
    {
        var nics = s.Def.Devices.Interfaces;
        for (int i = 0; i < nics.Count; i++)
            EmitOne(s, nics[i], i, boot.IndexOfNet(i));
    }

    private static void EmitOne(BuildSession s, InterfaceDef nic, int index, uint? bootIndex)
    {
        var what = Describe(nic, index);
        var model = nic.Model ?? "rtl8139"; // libvirt's default NIC model on x86
        bool virtio = model.StartsWith("virtio", StringComparison.Ordinal);
        var driver = model switch
        {
            "virtio" => "virtio-net-pci",
            "virtio-transitional" => "virtio-net-pci-transitional",
            "virtio-non-transitional" => "virtio-net-pci-non-transitional",
            _ => model,
        };
        var d = nic.Driver;
        uint queues = d?.Queues ?? 1;
        if (queues == 0)
            throw s.Unsupported($"{what} of {s.Owner} asks for 0 queues");
        if (!virtio && (queues > 1 || d?.RxQueueSize is not null || d?.TxQueueSize is not null || d?.Host is not null
                        || d?.Guest is not null || d?.TxMode is not null || d?.Name == InterfaceDriverName.Vhost))
            throw s.Unsupported($"the <driver> settings of {what} in {s.Owner} apply only to virtio NICs, not model '{model}'");

        var netdevId = $"hostnet{index}";
        var deviceId = DeviceAliases.Interface(nic, index);
        IReadOnlyList<int> fds = [];
        bool vhost = false;
        var netdev = nic.Type == InterfaceType.User ? UserNetdev(s, nic, what, queues) : TapNetdev(s, nic, index, what, queues, virtio, out fds, out vhost);
        netdev.Add("id", netdevId);
        s.Add("-netdev", netdev);

        var mac = nic.Mac ?? GeneratedMac(s.Def.Uuid, index);
        var props = new QemuProps(driver).Add("netdev", netdevId).Add("id", deviceId).Add("mac", mac.ToString());
        if (queues > 1) props.Add("mq", true).Add("vectors", 2 * queues + 2); // a vector per rx and tx queue, plus config and control
        if (d is not null)
        {
            props.Add("rx_queue_size", d.RxQueueSize).Add("tx_queue_size", d.TxQueueSize);
            props.Add("tx", d.TxMode switch { TxMode.Iothread => "bh", TxMode.Timer => "timer", _ => null });
            if (d.Host is { } h)
                props.Add("csum", Flag(h.Csum)).Add("gso", Flag(h.Gso)).Add("host_tso4", Flag(h.Tso4)).Add("host_tso6", Flag(h.Tso6))
                     .Add("host_ecn", Flag(h.Ecn)).Add("host_ufo", Flag(h.Ufo)).Add("mrg_rxbuf", Flag(h.MrgRxbuf));
            if (d.Guest is { } g)
                props.Add("guest_csum", Flag(g.Csum)).Add("guest_tso4", Flag(g.Tso4)).Add("guest_tso6", Flag(g.Tso6))
                     .Add("guest_ecn", Flag(g.Ecn)).Add("guest_ufo", Flag(g.Ufo));
        }
        if (nic.Mtu is { } mtu)
        {
            if (!virtio) throw s.Unsupported($"<mtu> of {what} in {s.Owner} needs a virtio NIC");
            props.Add("host_mtu", mtu);
        }
        props.Add("bootindex", bootIndex);
        if (model is "usb-net")
        {
            props.Add("bus", s.Controllers.UsbBus(nic.Address, what));
            s.Device(driver, props, what);
        }
        else
        {
            s.Pci.Place(props, nic.Address, deviceId, what);
            s.Device(driver, props, what);
        }

        bool linkDown = nic.Link == LinkState.Down;
        if (linkDown)
            s.StartupCommand("set_link", $"link state down of {deviceId}", secret: false, w =>
            {
                w.WriteString("name", deviceId);
                w.WriteBoolean("up", false);
            });
        s.Nets.Add(new QemuNetInfo
        {
            Index = index, NetdevId = netdevId, DeviceId = deviceId, Mac = mac, LinkDown = linkDown,
            TapFds = fds, Vhost = vhost,
        });
    }

    private static QemuProps UserNetdev(BuildSession s, InterfaceDef nic, string what, uint queues)
    {
        if (queues > 1)
            throw s.Unsupported($"{what} of {s.Owner} is user-mode networking, which has a single queue");
        if (nic.Driver?.Name == InterfaceDriverName.Vhost)
            throw s.Unsupported($"{what} of {s.Owner} is user-mode networking, which cannot use vhost-net; remove <driver name='vhost'/>");
        return new QemuProps("user");
    }

    private static QemuProps TapNetdev(BuildSession s, InterfaceDef nic, int index, string what, uint queues, bool virtio,
                                       out IReadOnlyList<int> fds, out bool vhost)
    {
        var given = s.Ctx.InterfaceFds.GetValueOrDefault(index)
            ?? throw Core.Errors.VirErrors.Internal($"the driver opened no {(nic.Type == InterfaceType.Direct ? "macvtap" : "tap")} device for {what} of {s.Owner}");
        if (given.TapFds.Count != queues)
            throw Core.Errors.VirErrors.Internal($"{what} of {s.Owner} has {queues} queue(s), but the driver opened {given.TapFds.Count} tap descriptor(s)");

        vhost = nic.Driver?.Name switch
        {
            InterfaceDriverName.Vhost when !s.Ctx.Host.VhostNetAvailable => throw s.Unsupported(
                $"vhost-net is not available on this host (/dev/vhost-net is missing); remove <driver name='vhost'/> from {what} of {s.Owner}"),
            InterfaceDriverName.Vhost => true,
            InterfaceDriverName.Qemu => false,
            _ => virtio && s.Ctx.Host.VhostNetAvailable, // libvirt's default: vhost whenever it can
        };
        var netdev = new QemuProps("tap");
        for (int q = 0; q < given.TapFds.Count; q++)
            s.Fd(given.TapFds[q], $"tap queue {q} of {what}");
        if (queues == 1) netdev.Add("fd", given.TapFds[0]);
        else netdev.Add("fds", string.Join(':', given.TapFds));
        if (vhost)
        {
            netdev.Add("vhost", true);
            if (given.VhostFds is { Count: > 0 } vfds)
            {
                if (vfds.Count != queues)
                    throw Core.Errors.VirErrors.Internal($"{what} of {s.Owner} has {queues} queue(s), but the driver opened {vfds.Count} vhost-net descriptor(s)");
                for (int q = 0; q < vfds.Count; q++)
                    s.Fd(vfds[q], $"vhost-net queue {q} of {what}");
                if (queues == 1) netdev.Add("vhostfd", vfds[0]);
                else netdev.Add("vhostfds", string.Join(':', vfds));
            }
        }
        fds = given.TapFds;
        return netdev;
    }

    /// <summary>
    /// A MAC derived from the domain UUID and the NIC's position: stable across starts and distinct
    /// between domains, for definitions that have none yet (libvirt assigns one at define time; the
    /// driver should write this one back). QEMU's own default would give every guest the same address.
    /// </summary>
    public static MacAddress GeneratedMac(Guid uuid, int index)
    {
        Span<byte> input = stackalloc byte[20];
        uuid.TryWriteBytes(input, bigEndian: true, out _);
        BitConverter.TryWriteBytes(input[16..], index);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new MacAddress([0x52, 0x54, 0x00, hash[0], hash[1], hash[2]]);
    }

    private static bool? Flag(OnOff? v) => v is null ? null : v == OnOff.On;

    public static string Describe(InterfaceDef nic, int index) =>
        $"<interface type='{nic.Type.ToString().ToLowerInvariant()}'> net{index}{(nic.Mac is { } m ? $" ({m})" : "")}";
}
