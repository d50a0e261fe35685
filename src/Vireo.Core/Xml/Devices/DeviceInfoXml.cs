using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>The parts every device may carry, formatted last in this order: &lt;boot order&gt;, &lt;alias&gt;, &lt;address&gt;.</summary>
internal static class DeviceInfoXml
{
    public static uint? ParseBoot(XmlNode device) => device.Child("boot")?.RequiredUInt("order");

    private static readonly System.Text.RegularExpressions.Regex AliasPattern =
        new("^[a-zA-Z0-9_.-]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>An &lt;alias name&gt;, held to libvirt's schema pattern (letters, digits, '_', '-', '.').</summary>
    public static string? ParseAlias(XmlNode device)
    {
        var name = device.Child("alias")?.RequiredAttr("name");
        return name is null || AliasPattern.IsMatch(name)
            ? name
            : throw XmlErrors.BadValue($"invalid device alias '{name}' in <{device.Name}>: use only letters, digits, '_', '-' and '.'");
    }

    public static DeviceAddress? ParseAddress(XmlNode device)
    {
        var a = device.Child("address");
        if (a is null) return null;
        var type = a.RequiredEnum<AddressType>("type");
        return type switch
        {
            AddressType.Pci => new DeviceAddress
            {
                Type = type,
                Domain = a.HexOrDecimal("domain"),
                Bus = a.HexOrDecimal("bus"),
                Slot = a.HexOrDecimal("slot"),
                Function = a.HexOrDecimal("function"),
                Multifunction = a.Enum<OnOff>("multifunction"),
            },
            AddressType.Drive => new DeviceAddress
            {
                Type = type, Controller = a.UInt("controller"), Bus = a.UInt("bus"), Target = a.UInt("target"), Unit = a.UInt("unit"),
            },
            AddressType.VirtioSerial => new DeviceAddress
            {
                Type = type, Controller = a.UInt("controller"), Bus = a.UInt("bus"), Port = a.UInt("port"),
            },
            AddressType.Usb => new DeviceAddress { Type = type, Bus = a.UInt("bus"), UsbPort = a.Attr("port") },
            AddressType.Isa => new DeviceAddress { Type = type, Iobase = a.HexOrDecimal("iobase"), Irq = a.HexOrDecimal("irq") },
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    public static IEnumerable<XElement?> Format(uint? bootOrder, string? alias, DeviceAddress? address)
    {
        yield return bootOrder is null ? null : E("boot", A("order", bootOrder));
        yield return alias is null ? null : E("alias", A("name", alias));
        yield return address is null ? null : FormatAddress(address);
    }

    public static XElement FormatAddress(DeviceAddress a) => a.Type switch
    {
        AddressType.Pci => E("address", A("type", a.Type), Hex("domain", a.Domain, 4), Hex("bus", a.Bus, 2),
            Hex("slot", a.Slot, 2), Hex("function", a.Function, 1), A("multifunction", a.Multifunction)),
        AddressType.Drive => E("address", A("type", a.Type), A("controller", a.Controller), A("bus", a.Bus),
            A("target", a.Target), A("unit", a.Unit)),
        AddressType.VirtioSerial => E("address", A("type", a.Type), A("controller", a.Controller), A("bus", a.Bus), A("port", a.Port)),
        AddressType.Usb => E("address", A("type", a.Type), A("bus", a.Bus), A("port", a.UsbPort)),
        AddressType.Isa => E("address", A("type", a.Type), Hex("iobase", a.Iobase, 1), Hex("irq", a.Irq, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}
