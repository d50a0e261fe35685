using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Serial ports (isa-serial, pci-serial, usb-serial: "charserialN"/"serialN"), consoles and channels.
/// A console with target type 'serial' is the serial port with that number and adds nothing; when no
/// such port exists it becomes one (as libvirt adds a &lt;serial&gt; for it). A virtio console is a
/// virtconsole ("charconsoleN"/"consoleN"); a channel a virtserialport ("charchannelN"/"channelN",
/// with an id so QEMU reports VSERPORT_CHANGE for it).
/// </summary>
internal static class CharDeviceArgs
{
    /// <summary>A serial port to create: from &lt;serial&gt; elements, then from consoles that have no port of their own.</summary>
    public sealed record SerialPort(SerialDef Def, uint Port, string What);

    public static IReadOnlyList<SerialPort> EffectiveSerials(BuildSession s)
    {
        var devices = s.Def.Devices;
        var ports = devices.Serials.Select((x, i) => new SerialPort(x, x.TargetPort ?? (uint)i, $"<serial> {i}")).ToList();
        for (int j = 0; j < devices.Consoles.Count; j++)
        {
            var c = devices.Consoles[j];
            if (c.TargetType is not (null or ConsoleTargetType.Serial)) continue;
            uint port = c.TargetPort ?? 0;
            if (ports.Any(p => p.Port == port)) continue;
            ports.Add(new SerialPort(new SerialDef { Type = c.Type, Source = c.Source, Protocol = c.Protocol, Log = c.Log, TargetPort = port },
                port, $"<console> {j}"));
        }
        return ports;
    }

    public static void Reserve(BuildSession s)
    {
        foreach (var port in EffectiveSerials(s).Where(p => p.Def.TargetType == "pci-serial"))
            s.Pci.ReserveExplicit(port.Def.Address, port.What);
    }

    public static void Emit(BuildSession s)
    {
        var serials = EffectiveSerials(s);
        for (int i = 0; i < serials.Count; i++) EmitSerial(s, serials[i], i);
        EmitConsoles(s, serials);
        EmitChannels(s);
    }

    private static void EmitSerial(BuildSession s, SerialPort port, int i)
    {
        var x = port.Def;
        var chardevId = $"charserial{i}";
        var deviceId = DeviceAliases.Serial(x, i);
        var chardev = ChardevProps.Build(s, chardevId, x.Type, x.Source, x.Protocol, x.Log, s.Ctx.Paths.SerialSocket(i), port.What);
        s.Add("-chardev", chardev.Props);
        var target = x.TargetType ?? x.TargetModel ?? "isa-serial";
        if (x.TargetModel is { } model && model != target)
            throw s.Unsupported($"{port.What} of {s.Owner} has target type '{target}' with model '{model}'; they must agree");
        switch (target)
        {
            case "isa-serial":
                if (port.Port > 3)
                    throw s.Unsupported($"{port.What} of {s.Owner} asks for ISA serial port {port.Port}; a PC has ports 0-3");
                s.Device("isa-serial", new QemuProps("isa-serial").Add("chardev", chardevId).Add("id", deviceId).Add("index", port.Port), port.What);
                break;
            case "pci-serial":
                var pci = new QemuProps("pci-serial").Add("chardev", chardevId).Add("id", deviceId);
                s.Pci.Place(pci, x.Address, deviceId, port.What);
                s.Device("pci-serial", pci, port.What);
                break;
            case "usb-serial":
                var usb = new QemuProps("usb-serial").Add("bus", s.Controllers.UsbBus(x.Address, port.What)).Add("chardev", chardevId).Add("id", deviceId);
                s.Device("usb-serial", usb, port.What);
                break;
            default:
                throw s.Unsupported($"{port.What} of {s.Owner} has target type '{target}', which x86 guests do not have; use 'isa-serial'");
        }
        s.CharDevices.Add(new QemuCharDeviceInfo
        {
            Kind = QemuCharDeviceKind.Serial, Index = i, ChardevId = chardevId, DeviceId = deviceId,
            SocketPath = chardev.SocketPath, EngineIsClient = chardev.EngineIsClient, LogFile = chardev.EngineLog, LogAppend = chardev.EngineLogAppend,
        });
    }

    private static void EmitConsoles(BuildSession s, IReadOnlyList<SerialPort> serials)
    {
        var consoles = s.Def.Devices.Consoles;
        for (int j = 0; j < consoles.Count; j++)
        {
            var c = consoles[j];
            var what = $"<console> {j}";
            switch (c.TargetType)
            {
                case null or ConsoleTargetType.Serial:
                    int si = serials.ToList().FindIndex(p => p.Port == (c.TargetPort ?? 0));
                    var serial = s.CharDevices.First(d => d.Kind == QemuCharDeviceKind.Serial && d.Index == si);
                    s.CharDevices.Add(serial with { Kind = QemuCharDeviceKind.Console, Index = j, DeviceId = null });
                    break;
                case ConsoleTargetType.Virtio:
                    var chardevId = $"charconsole{j}";
                    var deviceId = DeviceAliases.Console(c, j);
                    var chardev = ChardevProps.Build(s, chardevId, c.Type, c.Source, c.Protocol, c.Log, s.Ctx.Paths.ConsoleSocket(j), what);
                    s.Add("-chardev", chardev.Props);
                    s.Device("virtconsole", new QemuProps("virtconsole").Add("bus", s.Controllers.VirtioSerialBus(0, what))
                        .Add("chardev", chardevId).Add("id", deviceId), what);
                    s.CharDevices.Add(new QemuCharDeviceInfo
                    {
                        Kind = QemuCharDeviceKind.Console, Index = j, ChardevId = chardevId, DeviceId = deviceId,
                        SocketPath = chardev.SocketPath, EngineIsClient = chardev.EngineIsClient, LogFile = chardev.EngineLog, LogAppend = chardev.EngineLogAppend,
                    });
                    break;
                default:
                    throw s.Unsupported($"{what} of {s.Owner} has target type 'lxc', which is for containers");
            }
        }
    }

    private static void EmitChannels(BuildSession s)
    {
        var channels = s.Def.Devices.Channels;
        // virtio-serial port numbers: explicit ones first, then 1, 2, ... per controller (port 0 is the console's).
        var used = channels.Where(c => c.Address is { Type: AddressType.VirtioSerial, Port: not null })
            .Select(c => (c.Address!.Controller ?? 0, c.Address.Port!.Value)).ToHashSet();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < channels.Count; k++)
        {
            var ch = channels[k];
            var what = $"<channel> {k}{(ch.TargetName is null ? "" : $" '{ch.TargetName}'")}";
            var name = ch.TargetName ?? throw s.Unsupported($"{what} of {s.Owner} has no <target name>; the guest finds a virtio port by its name");
            if (!names.Add(name))
                throw s.Unsupported($"{s.Owner} has two channels named '{name}'");
            if (ch.Address is { } a && a.Type != AddressType.VirtioSerial)
                throw s.Unsupported($"{what} of {s.Owner} has an address of type '{a.Type.ToString().ToLowerInvariant()}'; a channel sits on a virtio-serial bus");
            uint controller = ch.Address?.Controller ?? 0;
            uint nr = ch.Address?.Port ?? NextPort(used, controller);
            var chardevId = $"charchannel{k}";
            var deviceId = DeviceAliases.Channel(ch, k);
            var chardev = ChardevProps.Build(s, chardevId, ch.Type, ch.Source, null, ch.Log, s.Ctx.Paths.ChannelSocket(k, name), what);
            s.Add("-chardev", chardev.Props);
            s.Device("virtserialport", new QemuProps("virtserialport").Add("bus", s.Controllers.VirtioSerialBus(controller, what))
                .Add("nr", nr).Add("chardev", chardevId).Add("id", deviceId).Add("name", name), what);
            bool agent = name == "org.qemu.guest_agent.0";
            if (agent)
            {
                if (ch.Type != CharType.Unix || ch.Source?.Path is not null && ch.Source.Mode != CharSourceMode.Bind)
                    throw s.Unsupported($"the guest agent {what} of {s.Owner} must be type 'unix' with QEMU listening (mode='bind' or no path), so the engine can connect to it");
                s.GuestAgentSocket = chardev.SocketPath;
            }
            s.CharDevices.Add(new QemuCharDeviceInfo
            {
                Kind = QemuCharDeviceKind.Channel, Index = k, ChardevId = chardevId, DeviceId = deviceId, TargetName = name,
                SocketPath = chardev.SocketPath, EngineIsClient = chardev.EngineIsClient || agent, LogFile = chardev.EngineLog, LogAppend = chardev.EngineLogAppend,
            });
        }
    }

    private static uint NextPort(HashSet<(uint, uint)> used, uint controller)
    {
        uint port = 1;
        while (used.Contains((controller, port))) port++;
        used.Add((controller, port));
        return port;
    }
}
