using System.Text;
using System.Xml.Linq;

namespace Vireo.Core.Xml;

/// <summary>
/// Serialises an element tree the way libvirt's virBuffer output looks: two-space indentation, attributes
/// in insertion order with single quotes, empty elements as &lt;x/&gt;, text-only elements on one line,
/// and the five XML special characters escaped everywhere (virBufferEscapeString).
/// </summary>
internal static class LibvirtXmlWriter
{
    public static string Write(XElement root)
    {
        var sb = new StringBuilder(4096);
        WriteElement(sb, root, 0);
        return sb.ToString();
    }

    public static void WriteElement(StringBuilder sb, XElement e, int depth)
    {
        sb.Append(' ', depth * 2).Append('<');
        AppendName(sb, e);
        AppendAttributes(sb, e);
        var nodes = e.Nodes().Where(n => n is XElement or XText).ToList();
        if (nodes.Count == 0)
        {
            sb.Append("/>\n");
            return;
        }
        if (nodes.All(n => n is XText))
        {
            sb.Append('>');
            foreach (XText t in nodes) Escape(sb, t.Value, attribute: false);
            sb.Append("</");
            AppendName(sb, e);
            sb.Append(">\n");
            return;
        }
        if (nodes.Any(n => n is XText t && !string.IsNullOrWhiteSpace(t.Value)))
        {
            // Mixed content (only possible inside verbatim metadata): keep it on one line, exactly.
            sb.Append('>');
            foreach (var n in nodes) WriteInline(sb, n);
            sb.Append("</");
            AppendName(sb, e);
            sb.Append(">\n");
            return;
        }
        sb.Append(">\n");
        foreach (var child in nodes.OfType<XElement>()) WriteElement(sb, child, depth + 1);
        sb.Append(' ', depth * 2).Append("</");
        AppendName(sb, e);
        sb.Append(">\n");
    }

    private static void WriteInline(StringBuilder sb, XNode node)
    {
        if (node is XText t) { Escape(sb, t.Value, attribute: false); return; }
        var e = (XElement)node;
        sb.Append('<');
        AppendName(sb, e);
        AppendAttributes(sb, e);
        if (!e.Nodes().Any()) { sb.Append("/>"); return; }
        sb.Append('>');
        foreach (var n in e.Nodes().Where(n => n is XElement or XText)) WriteInline(sb, n);
        sb.Append("</");
        AppendName(sb, e);
        sb.Append('>');
    }

    private static void AppendName(StringBuilder sb, XElement e)
    {
        if (e.Name.Namespace != XNamespace.None)
        {
            var prefix = e.GetPrefixOfNamespace(e.Name.Namespace);
            if (!string.IsNullOrEmpty(prefix)) sb.Append(prefix).Append(':');
        }
        sb.Append(e.Name.LocalName);
    }

    private static void AppendAttributes(StringBuilder sb, XElement e)
    {
        foreach (var a in e.Attributes())
        {
            sb.Append(' ');
            if (a.IsNamespaceDeclaration)
            {
                sb.Append(a.Name.Namespace == XNamespace.None ? "xmlns" : "xmlns:" + a.Name.LocalName);
            }
            else if (a.Name.Namespace != XNamespace.None)
            {
                var prefix = e.GetPrefixOfNamespace(a.Name.Namespace);
                sb.Append(prefix).Append(':').Append(a.Name.LocalName);
            }
            else sb.Append(a.Name.LocalName);
            sb.Append("='");
            Escape(sb, a.Value, attribute: true);
            sb.Append('\'');
        }
    }

    private static void Escape(StringBuilder sb, string value, bool attribute)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\'': sb.Append("&apos;"); break;
                case '"': sb.Append("&quot;"); break;
                // Attribute values are whitespace-normalised by parsers, so keep line breaks and tabs as references.
                case '\n' when attribute: sb.Append("&#10;"); break;
                case '\r': sb.Append("&#13;"); break;
                case '\t' when attribute: sb.Append("&#9;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
