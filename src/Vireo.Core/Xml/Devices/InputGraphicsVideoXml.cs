using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;input&gt;, &lt;graphics&gt; and &lt;video&gt; both ways: the guest's screen, keyboard and pointer.</summary>
internal static class InputGraphicsVideoXml
{
    public static InputDef ParseInput(XmlNode n) => new()
    {
        Type = n.RequiredEnum<InputType>("type"),
        Bus = n.Enum<InputBus>("bus"),
        Alias = DeviceInfoXml.ParseAlias(n),
        Address = DeviceInfoXml.ParseAddress(n),
    };

    public static XElement FormatInput(InputDef i) =>
        E("input", A("type", i.Type), A("bus", i.Bus), DeviceInfoXml.Format(null, i.Alias, i.Address));

    public static GraphicsDef ParseGraphics(XmlNode n)
    {
        var type = n.RequiredEnum<GraphicsType>("type");
        var vnc = type == GraphicsType.Vnc;
        var spice = type == GraphicsType.Spice;
        return new GraphicsDef
        {
            Type = type,
            Port = n.Int("port"),
            AutoPort = n.Enum<YesNo>("autoport"),
            TlsPort = spice ? n.Int("tlsPort") : null,
            Websocket = vnc ? n.Int("websocket") : null,
            SocketAttribute = vnc ? n.Attr("socket") : null,
            ListenAttribute = n.Attr("listen"),
            Listens = n.Children("listen").Select(l =>
            {
                var listenType = l.RequiredEnum<GraphicsListenType>("type");
                return new GraphicsListenDef(listenType,
                    listenType == GraphicsListenType.Address ? l.Attr("address") : null,
                    listenType == GraphicsListenType.Socket ? l.Attr("socket") : null);
            }).ToList(),
            Passwd = n.Attr("passwd"),
            PasswdValidTo = n.Attr("passwdValidTo"),
            Keymap = n.Attr("keymap"),
            SharePolicy = vnc ? n.Enum<SharePolicy>("sharePolicy") : null,
            SpiceChannels = spice
                ? n.Children("channel").Select(c => new SpiceChannelDef(c.RequiredOneOf("name", SpiceValues.ChannelNames), c.RequiredOneOf("mode", SpiceValues.ChannelModes))).ToList()
                : [],
            ImageCompression = spice ? n.Child("image")?.RequiredOneOf("compression", SpiceValues.ImageCompressions) : null,
        };
    }

    /// <summary>The password is written only for secure output, as libvirt does without VIR_DOMAIN_XML_SECURE.</summary>
    public static XElement FormatGraphics(GraphicsDef g, bool secure) => E("graphics",
        A("type", g.Type), A("socket", g.SocketAttribute), A("port", g.Port), A("tlsPort", g.TlsPort), A("autoport", g.AutoPort), A("websocket", g.Websocket),
        A("listen", g.ListenAttribute), A("keymap", g.Keymap), A("sharePolicy", g.SharePolicy),
        A("passwd", secure ? g.Passwd : null), A("passwdValidTo", g.PasswdValidTo),
        g.Listens.Select(l => E("listen", A("type", l.Type), A("address", l.Address), A("socket", l.Socket))),
        g.SpiceChannels.Select(c => E("channel", A("name", c.Name), A("mode", c.Mode))),
        g.ImageCompression is null ? null : E("image", A("compression", g.ImageCompression)));

    public static VideoDef ParseVideo(XmlNode n)
    {
        var model = n.RequiredChild("model");
        return new VideoDef
        {
            Model = model.RequiredEnum<VideoModel>("type"),
            Ram = model.UInt("ram"),
            Vram = model.UInt("vram"),
            Vgamem = model.UInt("vgamem"),
            Heads = model.UInt("heads"),
            Primary = model.Enum<YesNo>("primary"),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    public static XElement FormatVideo(VideoDef v) => E("video",
        E("model", A("type", v.Model), A("ram", v.Ram), A("vram", v.Vram), A("vgamem", v.Vgamem), A("heads", v.Heads), A("primary", v.Primary)),
        DeviceInfoXml.Format(null, v.Alias, v.Address));
}
