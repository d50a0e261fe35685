using System.Xml.Linq;

namespace Vireo.Core.Xml;

/// <summary>
/// One parse of one document. Every element the parsers look at is wrapped in an XmlNode that records
/// which attributes and text it consumed; EnsureAllConsumed then refuses anything nobody read, so no part
/// of the input is ever dropped silently.
/// </summary>
internal sealed class ParseScope
{
    private readonly Dictionary<XElement, XmlNode> visited = new(ReferenceEqualityComparer.Instance);

    /// <summary>How messages name the document, e.g. "domain 'web1'".</summary>
    public string Owner { get; set; }

    public ParseScope(string owner) => Owner = owner;

    public XmlNode Wrap(XElement element)
    {
        if (!visited.TryGetValue(element, out var node))
        {
            node = new XmlNode(this, element);
            visited[element] = node;
        }
        return node;
    }

    /// <summary>Throws ConfigUnsupported for the first element, attribute or text (in document order) no parser consumed.</summary>
    public void EnsureAllConsumed(XElement root) => Check(root, parentName: null);

    private void Check(XElement element, string? parentName)
    {
        if (!visited.TryGetValue(element, out var node))
            throw XmlErrors.UnsupportedElement(QualifiedName(element), parentName ?? "document");
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration || node.UsedAttribute(attribute.Name)) continue;
            throw XmlErrors.UnsupportedAttribute(QualifiedName(attribute), node.Name);
        }
        if (node.Opaque) return;
        if (!node.TextUsed)
        {
            foreach (var text in element.Nodes().OfType<XText>())
                if (!string.IsNullOrWhiteSpace(text.Value)) throw XmlErrors.UnsupportedText(node.Name, text.Value);
        }
        foreach (var child in element.Elements()) Check(child, node.Name);
    }

    private static string QualifiedName(XElement e)
    {
        var prefix = e.Name.Namespace == XNamespace.None ? null : e.GetPrefixOfNamespace(e.Name.Namespace);
        return prefix is null ? e.Name.LocalName : $"{prefix}:{e.Name.LocalName}";
    }

    private static string QualifiedName(XAttribute a)
    {
        if (a.Name.Namespace == XNamespace.None) return a.Name.LocalName;
        var prefix = a.Parent?.GetPrefixOfNamespace(a.Name.Namespace);
        return prefix is null ? a.Name.LocalName : $"{prefix}:{a.Name.LocalName}";
    }
}
