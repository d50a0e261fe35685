using System.Xml;
using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>
/// The &lt;cpu&gt; definitions cpu-compare and cpu-baseline send, taken from a file as virsh takes them: the file may
/// hold bare &lt;cpu&gt; elements (several, side by side), domain XMLs, capabilities XMLs, or domain capabilities
/// XMLs (whose supported host-model mode becomes a &lt;cpu&gt;), in any mix, in document order.
/// </summary>
public static class CpuXmlExtract
{
    /// <summary>The definitions, or throws <see cref="FormatException"/> with the sentence to print.</summary>
    public static IReadOnlyList<string> Extract(string text, string fileName)
    {
        // One XML declaration may lead; the rest is wrapped so that several root elements parse as one document.
        if (text.StartsWith("<?xml", StringComparison.Ordinal) && text.IndexOf("?>", StringComparison.Ordinal) is var end and >= 0)
            text = text[(end + 2)..];
        XElement container;
        try
        {
            container = XElement.Parse($"<container>{text}</container>", LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw new FormatException($"{fileName}: {e.Message}", e);
        }

        var found = container.Descendants().Where(IsCpuDefinition).ToList();
        if (found.Count == 0)
            throw new FormatException($"File '{fileName}' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML");
        return found.Select(e => e.Name.LocalName == "mode" ? new XElement("cpu", e.Nodes()) : e)
            .Select(e => e.ToString(SaveOptions.DisableFormatting)).ToList();
    }

    private static bool IsCpuDefinition(XElement e)
    {
        var path = e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName).ToArray();
        return path switch
        {
            ["container", "cpu"] or ["container", "domain", "cpu"] or ["container", "capabilities", "host", "cpu"] => true,
            ["container", "domainCapabilities", "cpu", "mode"] => (string?)e.Attribute("name") == "host-model" && (string?)e.Attribute("supported") == "yes",
            _ => false,
        };
    }
}
