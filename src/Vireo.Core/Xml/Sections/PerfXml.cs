using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;perf&gt;&lt;event name enabled/&gt;...&lt;/perf&gt; both ways, with libvirt 9.0's checks and sentences: a name from
/// its list, enabled='yes' or 'no', both required, each event once. Events are formatted in libvirt's order
/// whatever the order written; an empty &lt;perf/&gt; is dropped, as libvirt drops it.
/// </summary>
internal static class PerfXml
{
    public static PerfDef? Parse(XmlNode? n)
    {
        if (n is null) return null;
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var e in n.Children("event"))
        {
            var name = e.Attr("name") ?? throw XmlErrors.Missing("Missing required attribute 'name' in element 'event'");
            if (PerfEventNames.IndexOf(name) < 0) throw XmlErrors.BadValue($"Invalid value for attribute 'name' in element 'event': '{name}'.");
            var enabled = e.Attr("enabled") switch
            {
                "yes" => true,
                "no" => false,
                null => throw XmlErrors.Missing("Missing required attribute 'enabled' in element 'event'"),
                var other => throw XmlErrors.BadValue($"Invalid value for attribute 'enabled' in element 'event': '{other}'."),
            };
            if (!seen.TryAdd(name, enabled)) throw XmlErrors.BadValue($"perf event '{name}' was already specified");
        }
        return PerfDef.With(null, seen);
    }

    public static XElement? Format(PerfDef? perf) => perf is null || perf.Events.Count == 0 ? null : E("perf",
        perf.Events.Select(e => E("event", A("name", e.Name), A("enabled", e.Enabled ? "yes" : "no"))));
}
