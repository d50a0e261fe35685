using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;devices&gt; both ways: one parser per device element; formatted grouped by kind in libvirt's order.
/// Device elements Vireo does not model (hostdev, smartcard, redirdev, tpm, ...) stay unread and are refused.
/// </summary>
internal static class DevicesXml
{
    public static DevicesDef Parse(XmlNode n, string owner)
    {
        var balloon = n.Child("memballoon");
        var watchdog = n.Child("watchdog");
        return new DevicesDef
        {
            Emulator = n.ChildText("emulator"),
            Disks = n.Children("disk").Select(d => DiskXml.Parse(d, owner)).ToList(),
            Controllers = ControllerIndexes.Assign(n.Children("controller").Select(ControllerXml.Parse).ToList()),
            Filesystems = n.Children("filesystem").Select(FilesystemXml.Parse).ToList(),
            Interfaces = n.Children("interface").Select(i => InterfaceXml.Parse(i, owner)).ToList(),
            Serials = n.Children("serial").Select(CharDeviceXml.ParseSerial).ToList(),
            Consoles = n.Children("console").Select(CharDeviceXml.ParseConsole).ToList(),
            Channels = n.Children("channel").Select(CharDeviceXml.ParseChannel).ToList(),
            Inputs = n.Children("input").Select(InputGraphicsVideoXml.ParseInput).ToList(),
            Graphics = n.Children("graphics").Select(InputGraphicsVideoXml.ParseGraphics).ToList(),
            Sounds = n.Children("sound").Select(SmallDevicesXml.ParseSound).ToList(),
            Audios = n.Children("audio").Select(SmallDevicesXml.ParseAudio).ToList(),
            Videos = n.Children("video").Select(InputGraphicsVideoXml.ParseVideo).ToList(),
            Watchdog = watchdog is null ? null : SmallDevicesXml.ParseWatchdog(watchdog),
            MemBalloon = balloon is null ? null : SmallDevicesXml.ParseMemBalloon(balloon),
            Rngs = n.Children("rng").Select(SmallDevicesXml.ParseRng).ToList(),
            Panics = n.Children("panic").Select(SmallDevicesXml.ParsePanic).ToList(),
        };
    }

    public static XElement Format(DevicesDef d, bool secure) => E("devices",
        Text("emulator", d.Emulator),
        d.Disks.Select(DiskXml.Format),
        d.Controllers.Select(ControllerXml.Format),
        d.Filesystems.Select(FilesystemXml.Format),
        d.Interfaces.Select(InterfaceXml.Format),
        d.Serials.Select(CharDeviceXml.FormatSerial),
        d.Consoles.Select(CharDeviceXml.FormatConsole),
        d.Channels.Select(CharDeviceXml.FormatChannel),
        d.Inputs.Select(InputGraphicsVideoXml.FormatInput),
        d.Graphics.Select(g => InputGraphicsVideoXml.FormatGraphics(g, secure)),
        d.Sounds.Select(SmallDevicesXml.FormatSound),
        d.Audios.Select(SmallDevicesXml.FormatAudio),
        d.Videos.Select(InputGraphicsVideoXml.FormatVideo),
        d.Watchdog is null ? null : SmallDevicesXml.FormatWatchdog(d.Watchdog),
        d.MemBalloon is null ? null : SmallDevicesXml.FormatMemBalloon(d.MemBalloon),
        d.Rngs.Select(SmallDevicesXml.FormatRng),
        d.Panics.Select(SmallDevicesXml.FormatPanic));
}
