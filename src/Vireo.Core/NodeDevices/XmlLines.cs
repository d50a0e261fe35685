using System.Text;

namespace Vireo.Core.NodeDevices;

/// <summary>
/// Lines of XML indented by two spaces a level, escaped as libvirt's virBufferEscapeString does (&lt; &gt;
/// &amp; ' " become entities), so the output matches libvirt's byte for byte.
/// </summary>
internal sealed class XmlLines
{
    private readonly List<string> _lines = [];
    private int _depth;

    public IReadOnlyList<string> Lines => _lines;

    public void Raw(string line) => _lines.Add(new string(' ', _depth * 2) + line);

    public void Text(string element, string value) => Raw($"<{element}>{Escape(value)}</{element}>");

    public void OptText(string element, string? value)
    {
        if (value is not null) Text(element, value);
    }

    public void Open(string element)
    {
        Raw($"<{element}>");
        _depth++;
    }

    public void Open(string element, string attributes)
    {
        Raw($"<{element} {attributes}>");
        _depth++;
    }

    public void Close(string element)
    {
        _depth--;
        Raw($"</{element}>");
    }

    public static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny("<>&'\"") < 0) return s;
        var b = new StringBuilder(s.Length + 16);
        foreach (var c in s)
            b.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&apos;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        return b.ToString();
    }
}
