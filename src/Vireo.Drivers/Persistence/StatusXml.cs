using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;

namespace Vireo.Drivers.Persistence;

/// <summary>
/// The status file format: &lt;domstatus state reason id pid starttime&gt; with &lt;runtime name value/&gt;
/// entries and the live &lt;domain&gt; (libvirt's domstatus has the same outer shape). Pure.
/// </summary>
public static class StatusXml
{
    public static string Format(DomainStatus s)
    {
        var w = new System.Text.StringBuilder();
        w.Append("<domstatus state='").Append(StateName(s.State.State))
         .Append("' reason='").Append(s.State.Reason.ToString(CultureInfo.InvariantCulture))
         .Append("' id='").Append(s.Id.ToString(CultureInfo.InvariantCulture))
         .Append("' pid='").Append(s.Pid.ToString(CultureInfo.InvariantCulture))
         .Append("' starttime='").Append(s.ProcessStartTime.ToString(CultureInfo.InvariantCulture)).Append("'>\n");
        foreach (var (key, value) in s.Runtime.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            w.Append("  ").Append(new XElement("runtime", new XAttribute("name", key), new XAttribute("value", value))
                .ToString(SaveOptions.DisableFormatting)).Append('\n');
        foreach (var line in DomainXml.Format(s.Live, new DomainXmlFormatOptions { Secure = true, Id = s.Id })
                     .Split('\n', StringSplitOptions.RemoveEmptyEntries))
            w.Append("  ").Append(line).Append('\n');
        w.Append("</domstatus>\n");
        return w.ToString();
    }

    /// <summary>Reads a status file; a damaged file is an XML error naming what is wrong.</summary>
    public static DomainStatus Parse(string xml)
    {
        XElement root;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw VirErrors.Xml($"the status file is not well-formed XML: {e.Message}");
        }
        if (root.Name != "domstatus")
            throw VirErrors.Xml($"the status file has root <{root.Name.LocalName}>, expecting <domstatus>");
        var domain = root.Element("domain") ?? throw VirErrors.Xml("the status file has no <domain> element");
        var runtime = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in root.Elements("runtime"))
            runtime[Required(r, "name")] = Required(r, "value");
        var state = new StateWithReason(ParseState(Required(root, "state")), Int(root, "reason"));
        return new DomainStatus
        {
            Live = DomainXml.Parse(domain.ToString(SaveOptions.DisableFormatting)),
            State = state,
            Id = Int(root, "id"),
            Pid = Int(root, "pid"),
            ProcessStartTime = ulong.Parse(Required(root, "starttime"), NumberStyles.None, CultureInfo.InvariantCulture),
            Runtime = runtime,
        };
    }

    private static readonly (DomainState State, string Name)[] Names =
    [
        (DomainState.NoState, "nostate"), (DomainState.Running, "running"), (DomainState.Blocked, "blocked"),
        (DomainState.Paused, "paused"), (DomainState.Shutdown, "shutdown"), (DomainState.Shutoff, "shutoff"),
        (DomainState.Crashed, "crashed"), (DomainState.PmSuspended, "pmsuspended"),
    ];

    private static string StateName(DomainState s) => Names.First(n => n.State == s).Name;

    private static DomainState ParseState(string text) =>
        Names.FirstOrDefault(n => n.Name == text) is { Name: not null } hit
            ? hit.State
            : throw VirErrors.Xml($"the status file has an unknown state '{text}'");

    private static string Required(XElement e, string attr) =>
        e.Attribute(attr)?.Value ?? throw VirErrors.Xml($"the status file's <{e.Name.LocalName}> has no '{attr}' attribute");

    private static int Int(XElement e, string attr) =>
        int.TryParse(Required(e, attr), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw VirErrors.Xml($"the status file's '{attr}' attribute is not a number");
}
