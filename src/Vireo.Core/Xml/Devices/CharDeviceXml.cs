using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;serial&gt;, &lt;console&gt; and &lt;channel&gt; both ways. They share the host side (type, &lt;source&gt;,
/// &lt;protocol&gt;, &lt;log&gt;); the &lt;target&gt; differs per element.
/// </summary>
internal static class CharDeviceXml
{
    /// <summary>The host types of serial ports and consoles: spicevmc is for channels only.</summary>
    private static readonly IReadOnlyList<string> PortTypes = XmlNames.All<CharType>().Where(t => t != "spicevmc").ToList();

    public static SerialDef ParseSerial(XmlNode n)
    {
        var type = PortType(n);
        var target = n.Child("target");
        return new SerialDef
        {
            Type = type,
            Source = ParseSource(n, type),
            Protocol = ParseProtocol(n, type),
            Log = ParseLog(n),
            TargetType = target?.OneOf("type", SerialTargetTypes.All),
            TargetPort = target?.UInt("port"),
            TargetModel = target?.Child("model")?.RequiredOneOf("name", SerialTargetTypes.Models),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    public static ConsoleDef ParseConsole(XmlNode n)
    {
        var type = PortType(n);
        var target = n.Child("target");
        return new ConsoleDef
        {
            Type = type,
            Tty = n.Attr("tty"),
            Source = ParseSource(n, type),
            Protocol = ParseProtocol(n, type),
            Log = ParseLog(n),
            TargetType = target?.Enum<ConsoleTargetType>("type"),
            TargetPort = target?.UInt("port"),
            Alias = DeviceInfoXml.ParseAlias(n),
        };
    }

    public static ChannelDef ParseChannel(XmlNode n)
    {
        var type = n.Enum<CharType>("type") ?? CharType.Pty;
        var target = n.RequiredChild("target");
        return new ChannelDef
        {
            Type = type,
            Source = ParseSource(n, type),
            Log = ParseLog(n),
            TargetType = target.RequiredEnum<ChannelTargetType>("type"),
            TargetName = target.Attr("name"),
            TargetState = target.Enum<ChannelState>("state"),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    private static CharType PortType(XmlNode n) =>
        n.OneOf("type", PortTypes) is { } text && XmlNames.TryParse<CharType>(text, out var type) ? type : CharType.Pty;

    /// <summary>Reads &lt;source&gt; for a host character device; also used by the rng egd backend.</summary>
    public static CharSourceDef? ParseSource(XmlNode owner, CharType type)
    {
        var s = owner.Child("source");
        if (s is null) return null;
        return type switch
        {
            CharType.Pty => new CharSourceDef { Path = s.Attr("path") },
            CharType.File => new CharSourceDef { Path = s.RequiredAttr("path"), Append = s.Enum<OnOff>("append") },
            // Without a path libvirt makes the socket itself (channels); DomainValidator refuses it elsewhere.
            CharType.Unix => new CharSourceDef { Mode = s.Enum<CharSourceMode>("mode"), Path = s.Attr("path") },
            CharType.Tcp => new CharSourceDef { Mode = s.Enum<CharSourceMode>("mode"), Host = s.Attr("host"), Service = s.RequiredAttr("service") },
            // null and stdio take no source: its attributes stay unread and are refused.
            _ => new CharSourceDef(),
        };
    }

    public static CharProtocol? ParseProtocol(XmlNode owner, CharType type) =>
        type == CharType.Tcp ? owner.Child("protocol")?.RequiredEnum<CharProtocol>("type") : null;

    private static CharLogDef? ParseLog(XmlNode owner) =>
        owner.Child("log") is { } log ? new CharLogDef(log.RequiredAttr("file"), log.Enum<OnOff>("append")) : null;

    public static XElement FormatSerial(SerialDef s) => E("serial",
        A("type", s.Type),
        HostSide(s.Type, s.Source, s.Protocol, s.Log),
        s.TargetType is null && s.TargetPort is null && s.TargetModel is null ? null
            : E("target", A("type", s.TargetType), A("port", s.TargetPort), s.TargetModel is null ? null : E("model", A("name", s.TargetModel))),
        DeviceInfoXml.Format(null, s.Alias, s.Address));

    public static XElement FormatConsole(ConsoleDef c) => E("console",
        A("type", c.Type), A("tty", c.Tty),
        HostSide(c.Type, c.Source, c.Protocol, c.Log),
        c.TargetType is null && c.TargetPort is null ? null : E("target", A("type", c.TargetType), A("port", c.TargetPort)),
        DeviceInfoXml.Format(null, c.Alias, null));

    public static XElement FormatChannel(ChannelDef c) => E("channel",
        A("type", c.Type),
        HostSide(c.Type, c.Source, null, c.Log),
        E("target", A("type", c.TargetType), A("name", c.TargetName), A("state", c.TargetState)),
        DeviceInfoXml.Format(null, c.Alias, c.Address));

    /// <summary>&lt;source&gt;, &lt;protocol&gt; and &lt;log&gt; in libvirt's order.</summary>
    public static IEnumerable<XElement?> HostSide(CharType type, CharSourceDef? s, CharProtocol? protocol, CharLogDef? log)
    {
        yield return s is null ? null : E("source", A("mode", s.Mode), A("host", s.Host), A("service", s.Service), A("path", s.Path), A("append", s.Append));
        yield return protocol is null ? null : E("protocol", A("type", protocol));
        yield return log is null ? null : E("log", A("file", log.File), A("append", log.Append));
    }
}
