using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;clock&gt; and its &lt;timer&gt;s both ways.</summary>
internal static class ClockXml
{
    public static ClockDef? Parse(XmlNode? n)
    {
        if (n is null) return null;
        var offset = n.RequiredEnum<ClockOffset>("offset");
        return new ClockDef
        {
            Offset = offset,
            Adjustment = offset == ClockOffset.Timezone ? null : n.Attr("adjustment"),
            Basis = offset == ClockOffset.Variable ? n.Enum<ClockBasis>("basis") : null,
            Timezone = offset == ClockOffset.Timezone ? n.RequiredAttr("timezone") : null,
            Timers = n.Children("timer").Select(ParseTimer).ToList(),
        };
    }

    /// <summary>
    /// A &lt;timer&gt; with the attributes libvirt's schema allows for its name: track only on platform and rtc,
    /// frequency and mode only on tsc, no tickpolicy on kvmclock or hypervclock. Others stay unread and are refused.
    /// </summary>
    private static TimerDef ParseTimer(XmlNode t)
    {
        var name = t.RequiredEnum<TimerName>("name");
        var trackable = name is TimerName.Platform or TimerName.Rtc;
        var tsc = name == TimerName.Tsc;
        return new TimerDef
        {
            Name = name,
            Present = t.Enum<YesNo>("present"),
            TickPolicy = name is TimerName.Kvmclock or TimerName.Hypervclock ? null : t.Enum<TimerTickPolicy>("tickpolicy"),
            Track = trackable ? t.Enum<TimerTrack>("track") : null,
            Frequency = tsc ? t.ULong("frequency") : null,
            Mode = tsc ? t.Enum<TimerMode>("mode") : null,
        };
    }

    public static XElement? Format(ClockDef? c) => c is null ? null : E("clock",
        A("offset", c.Offset), A("adjustment", c.Adjustment), A("basis", c.Basis), A("timezone", c.Timezone),
        c.Timers.Select(t => E("timer", A("name", t.Name), A("present", t.Present), A("tickpolicy", t.TickPolicy),
            A("track", t.Track), A("frequency", t.Frequency), A("mode", t.Mode))));
}
