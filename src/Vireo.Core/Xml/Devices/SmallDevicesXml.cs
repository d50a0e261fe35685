using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;sound&gt;, &lt;audio&gt;, &lt;watchdog&gt;, &lt;memballoon&gt;, &lt;rng&gt; and &lt;panic&gt; both ways.</summary>
internal static class SmallDevicesXml
{
    public static SoundDef ParseSound(XmlNode n) => new()
    {
        Model = n.RequiredEnum<SoundModel>("model"),
        Codecs = n.Children("codec").Select(c => c.RequiredEnum<SoundCodec>("type")).ToList(),
        AudioId = n.Child("audio")?.RequiredUInt("id"),
        Alias = DeviceInfoXml.ParseAlias(n),
        Address = DeviceInfoXml.ParseAddress(n),
    };

    public static XElement FormatSound(SoundDef s) => E("sound", A("model", s.Model),
        s.Codecs.Select(c => E("codec", A("type", (SoundCodec?)c))),
        s.AudioId is null ? null : E("audio", A("id", s.AudioId)),
        DeviceInfoXml.Format(null, s.Alias, s.Address));

    public static AudioDef ParseAudio(XmlNode n) => new(n.RequiredUInt("id"), n.RequiredEnum<AudioType>("type"));

    public static XElement FormatAudio(AudioDef a) => E("audio", A("id", a.Id), A("type", (AudioType?)a.Type));

    public static WatchdogDef ParseWatchdog(XmlNode n) => new()
    {
        Model = n.RequiredEnum<WatchdogModel>("model"),
        Action = n.Enum<WatchdogAction>("action"),
        Alias = DeviceInfoXml.ParseAlias(n),
        Address = DeviceInfoXml.ParseAddress(n),
    };

    public static XElement FormatWatchdog(WatchdogDef w) =>
        E("watchdog", A("model", (WatchdogModel?)w.Model), A("action", w.Action), DeviceInfoXml.Format(null, w.Alias, w.Address));

    public static MemBalloonDef ParseMemBalloon(XmlNode n) => new()
    {
        Model = n.RequiredEnum<MemBalloonModel>("model"),
        AutoDeflate = n.Enum<OnOff>("autodeflate"),
        FreePageReporting = n.Enum<OnOff>("freePageReporting"),
        StatsPeriod = n.Child("stats")?.RequiredUInt("period"),
        Alias = DeviceInfoXml.ParseAlias(n),
        Address = DeviceInfoXml.ParseAddress(n),
    };

    public static XElement FormatMemBalloon(MemBalloonDef m) => E("memballoon",
        A("model", (MemBalloonModel?)m.Model), A("autodeflate", m.AutoDeflate), A("freePageReporting", m.FreePageReporting),
        m.StatsPeriod is null ? null : E("stats", A("period", m.StatsPeriod)),
        DeviceInfoXml.Format(null, m.Alias, m.Address));

    public static RngDef ParseRng(XmlNode n)
    {
        var backend = n.RequiredChild("backend");
        var model = backend.RequiredEnum<RngBackendModel>("model");
        var rate = n.Child("rate");
        RngBackendDef backendDef;
        if (model == RngBackendModel.Random)
        {
            var device = backend.Text().Trim();
            backendDef = new RngBackendDef { Model = model, RandomDevice = device.Length == 0 ? null : device };
        }
        else
        {
            var type = backend.RequiredEnum<CharType>("type");
            backendDef = new RngBackendDef
            {
                Model = model,
                EgdType = type,
                EgdSource = CharDeviceXml.ParseSource(backend, type),
                EgdProtocol = CharDeviceXml.ParseProtocol(backend, type),
            };
        }
        return new RngDef
        {
            Model = n.RequiredEnum<RngModel>("model"),
            Backend = backendDef,
            Rate = rate is null ? null : new RngRateDef(rate.RequiredUInt("bytes"), rate.UInt("period")),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    public static XElement FormatRng(RngDef r) => E("rng", A("model", (RngModel?)r.Model),
        r.Rate is null ? null : E("rate", A("bytes", r.Rate.Bytes), A("period", r.Rate.Period)),
        r.Backend.Model == RngBackendModel.Random
            ? E("backend", A("model", (RngBackendModel?)r.Backend.Model), r.Backend.RandomDevice)
            : E("backend", A("model", (RngBackendModel?)r.Backend.Model), A("type", r.Backend.EgdType),
                CharDeviceXml.HostSide(r.Backend.EgdType ?? CharType.Tcp, r.Backend.EgdSource, r.Backend.EgdProtocol, null)),
        DeviceInfoXml.Format(null, r.Alias, r.Address));

    public static PanicDef ParsePanic(XmlNode n) => new()
    {
        Model = n.Enum<PanicModel>("model"),
        Alias = DeviceInfoXml.ParseAlias(n),
        Address = DeviceInfoXml.ParseAddress(n),
    };

    public static XElement FormatPanic(PanicDef p) => E("panic", A("model", p.Model), DeviceInfoXml.Format(null, p.Alias, p.Address));
}
