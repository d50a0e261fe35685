using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;controller&gt; both ways; the model attribute is checked against the models of its type.</summary>
internal static class ControllerXml
{
    /// <summary>Parses one controller; HasIndex is false when the index was left out (see <see cref="ControllerIndexes"/>).</summary>
    public static (ControllerDef Def, bool HasIndex) Parse(XmlNode n)
    {
        var type = n.RequiredEnum<ControllerType>("type");
        var pciModel = type == ControllerType.Pci ? n.Child("model") : null;
        var target = type == ControllerType.Pci ? n.Child("target") : null;
        var driver = n.Child("driver");
        var index = n.UInt("index");
        return (new ControllerDef
        {
            Type = type,
            Index = index ?? 0,
            Model = ControllerModels.For(type).Count > 0 ? n.OneOf("model", ControllerModels.For(type)) : null,
            Ports = type is ControllerType.Usb or ControllerType.VirtioSerial ? n.UInt("ports") : null,
            Vectors = type == ControllerType.VirtioSerial ? n.UInt("vectors") : null,
            MasterStartPort = type == ControllerType.Usb ? n.Child("master")?.RequiredUInt("startport") : null,
            PciModelName = pciModel?.OneOf("name", ControllerModels.PciModelNames),
            PciTarget = target is null ? null : new PciControllerTargetDef
            {
                ChassisNr = target.UInt("chassisNr"),
                Chassis = target.UInt("chassis"),
                Port = target.HexOrDecimal("port"),
                BusNr = target.UInt("busNr"),
                Index = target.UInt("index"),
                Hotplug = target.Enum<OnOff>("hotplug"),
            },
            Driver = driver is null ? null : new ControllerDriverDef(driver.UInt("queues"), driver.UInt("iothread")),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        }, index is not null);
    }

    public static XElement Format(ControllerDef c) => E("controller",
        A("type", c.Type), A("index", c.Index), A("model", c.Model), A("ports", c.Ports), A("vectors", c.Vectors),
        c.Driver is { } d ? EOpt("driver", A("queues", d.Queues), A("iothread", d.IoThread)) : null,
        c.MasterStartPort is null ? null : E("master", A("startport", c.MasterStartPort)),
        c.PciModelName is null ? null : E("model", A("name", c.PciModelName)),
        c.PciTarget is { } t ? E("target", A("chassisNr", t.ChassisNr), A("chassis", t.Chassis), Hex("port", t.Port, 1),
            A("busNr", t.BusNr), A("index", t.Index), A("hotplug", t.Hotplug)) : null,
        DeviceInfoXml.Format(null, c.Alias, c.Address));
}
