using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Xml;

/// <summary>
/// virDomainSetMetadata / virDomainGetMetadata on the &lt;metadata&gt; element, apart from effects. The
/// metadata is kept as <see cref="Domain.DomainDef.Metadata"/> text (each child standing on its own with its
/// namespace declaration); these functions read and rewrite that text. libvirt's rules, checked against
/// libvirtd 9.0: an application's element lives under its namespace URI, put there with the caller's key as
/// prefix on every element that has no namespace of its own; setting replaces every element of that URI
/// (the new one goes last); reading gives the first one with that namespace taken off again.
/// </summary>
public static class MetadataXml
{
    /// <summary>The element stored under <paramref name="uri"/>, as libvirt returns it, or null when there is none.</summary>
    public static string? Get(string? metadata, string uri)
    {
        var found = Children(metadata).FirstOrDefault(e => e.Name.NamespaceName == uri);
        if (found is null) return null;
        var copy = new XElement(found);
        StripNamespace(copy, uri);
        var sb = new StringBuilder();
        LibvirtXmlWriter.WriteElement(sb, copy, 0, verbatim: true);
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// The metadata text with <paramref name="xml"/> stored under <paramref name="uri"/> (key as its prefix),
    /// replacing what was there; null <paramref name="xml"/> removes the URI's elements. Null when nothing is left.
    /// </summary>
    public static string? Set(string? metadata, string? xml, string? key, string uri)
    {
        XElement? added = null;
        if (xml is not null)
        {
            added = Parse(xml);
            if (key is null || !IsNcName(key))
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Xml, "failed to validate prefix for a new XML namespace");
            XNamespace ns = uri;
            foreach (var e in added.DescendantsAndSelf().Where(e => e.Name.Namespace == XNamespace.None))
                e.Name = ns + e.Name.LocalName;
            // libxml2 writes namespace declarations before attributes, the new one after those already there.
            var attributes = added.Attributes().ToList();
            added.ReplaceAttributes(attributes.Where(x => x.IsNamespaceDeclaration)
                .Append(new XAttribute(XNamespace.Xmlns + key, uri))
                .Concat(attributes.Where(x => !x.IsNamespaceDeclaration)));
        }
        var kept = Children(metadata).Where(e => e.Name.NamespaceName != uri).ToList();
        if (added is not null) kept.Add(added);
        if (kept.Count == 0) return null;
        var sb = new StringBuilder();
        foreach (var e in kept) LibvirtXmlWriter.WriteElement(sb, e, 0, verbatim: true);
        return sb.ToString();
    }

    /// <summary>One element and nothing else, or libvirt's VIR_ERR_XML_DETAIL naming the metadata document.</summary>
    private static XElement Parse(string xml)
    {
        try
        {
            return XElement.Parse(xml, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Domain,
                $"(metadata_xml):{Math.Max(e.LineNumber, 1)}: the metadata element is not well-formed XML: {e.Message}");
        }
    }

    private static bool IsNcName(string key)
    {
        try
        {
            XmlConvert.VerifyNCName(key);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static IEnumerable<XElement> Children(string? metadata) => string.IsNullOrEmpty(metadata)
        ? []
        : XElement.Parse("<metadata>" + metadata + "</metadata>").Elements().Select(e =>
        {
            var copy = new XElement(e);
            // Each stored child declares its own namespace; keep it on the copy once it leaves the wrapper.
            if (e.Name.Namespace != XNamespace.None && copy.GetPrefixOfNamespace(e.Name.Namespace) is null
                && !copy.Attributes().Any(a => a.IsNamespaceDeclaration && a.Value == e.Name.NamespaceName)
                && e.GetPrefixOfNamespace(e.Name.Namespace) is { } prefix)
                copy.Add(new XAttribute(XNamespace.Xmlns + prefix, e.Name.NamespaceName));
            return copy;
        });

    /// <summary>The caller's own view: elements of <paramref name="uri"/> lose it, and its declarations go.</summary>
    private static void StripNamespace(XElement root, string uri)
    {
        foreach (var e in root.DescendantsAndSelf())
        {
            if (e.Name.NamespaceName == uri) e.Name = e.Name.LocalName;
            foreach (var a in e.Attributes().Where(a => a.IsNamespaceDeclaration && a.Value == uri).ToList()) a.Remove();
        }
    }
}
