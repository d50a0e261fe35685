using System.Text;
using System.Xml.Linq;

namespace Vireo.Core.Xml;

/// <summary>
/// Serialises an element tree the way libvirt's virBuffer output looks: two-space indentation, attributes
/// in insertion order with single quotes, empty elements as &lt;x/&gt;, text-only elements on one line,
/// and the five XML special characters escaped everywhere (virBufferEscapeString).
/// Verbatim subtrees (metadata) are written as libvirt writes them, through libxml2: double quotes and
/// libxml2's escaping.
/// </summary>
internal static class LibvirtXmlWriter
{
    /// <summary>Annotation marking an element whose children are written the libxml2 way.</summary>
    public sealed class Verbatim
    {
        public static readonly Verbatim Instance = new();
    }

    public static string Write(XElement root)
    {
        var sb = new StringBuilder(4096);
        WriteElement(sb, root, 0);
        return sb.ToString();
    }

    public static void WriteElement(StringBuilder sb, XElement e, int depth, bool verbatim = false)
    {
        sb.Append(' ', depth * 2).Append('<');
        AppendName(sb, e);
        AppendAttributes(sb, e, verbatim);
        var childrenVerbatim = verbatim || e.Annotation<Verbatim>() is not null;
        var nodes = e.Nodes().Where(n => n is XElement or XText).ToList();
        if (nodes.Count == 0)
        {
            sb.Append("/>\n");
            return;
        }
        if (nodes.All(n => n is XText))
        {
            sb.Append('>');
            foreach (XText t in nodes) Escape(sb, t.Value, attribute: false, verbatim);
            sb.Append("</");
            AppendName(sb, e);
            sb.Append(">\n");
            return;
        }
        if (nodes.Any(n => n is XText t && !string.IsNullOrWhiteSpace(t.Value)))
        {
            // Mixed content (only possible inside verbatim metadata): keep it on one line, exactly.
            sb.Append('>');
            foreach (var n in nodes) WriteInline(sb, n, childrenVerbatim);
            sb.Append("</");
            AppendName(sb, e);
            sb.Append(">\n");
            return;
        }
        sb.Append(">\n");
        foreach (var child in nodes.OfType<XElement>()) WriteElement(sb, child, depth + 1, childrenVerbatim);
        sb.Append(' ', depth * 2).Append("</");
        AppendName(sb, e);
        sb.Append(">\n");
    }

    private static void WriteInline(StringBuilder sb, XNode node, bool verbatim)
    {
        if (node is XText t) { Escape(sb, t.Value, attribute: false, verbatim); return; }
        var e = (XElement)node;
        sb.Append('<');
        AppendName(sb, e);
        AppendAttributes(sb, e, verbatim);
        if (!e.Nodes().Any()) { sb.Append("/>"); return; }
        sb.Append('>');
        foreach (var n in e.Nodes().Where(n => n is XElement or XText)) WriteInline(sb, n, verbatim);
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

    private static void AppendAttributes(StringBuilder sb, XElement e, bool verbatim)
    {
        var quote = verbatim ? '"' : '\'';
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
            sb.Append('=').Append(quote);
            Escape(sb, a.Value, attribute: true, verbatim);
            sb.Append(quote);
        }
    }

    private static void Escape(StringBuilder sb, string value, bool attribute, bool verbatim)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                // libxml2 leaves apostrophes alone everywhere and double quotes in text.
                case '\'' when verbatim: sb.Append(c); break;
                case '"' when verbatim && !attribute: sb.Append(c); break;
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
