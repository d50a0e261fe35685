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
            Timers = n.Children("timer").Select(t => new TimerDef
            {
                Name = t.RequiredEnum<TimerName>("name"),
                Present = t.Enum<YesNo>("present"),
                TickPolicy = t.Enum<TimerTickPolicy>("tickpolicy"),
                Track = t.Enum<TimerTrack>("track"),
                Frequency = t.ULong("frequency"),
                Mode = t.Enum<TimerMode>("mode"),
            }).ToList(),
        };
    }

    public static XElement? Format(ClockDef? c) => c is null ? null : E("clock",
        A("offset", c.Offset), A("adjustment", c.Adjustment), A("basis", c.Basis), A("timezone", c.Timezone),
        c.Timers.Select(t => E("timer", A("name", t.Name), A("present", t.Present), A("tickpolicy", t.TickPolicy),
            A("track", t.Track), A("frequency", t.Frequency), A("mode", t.Mode))));
}
