using System.Xml;
using System.Xml.Linq;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>Reads a small XML document from a client or a file with DTDs refused (no entity expansion).</summary>
internal static class SafeXml
{
    /// <summary>The root element, or the error <paramref name="malformed"/> makes of the parser's message.</summary>
    public static XElement Load(string xml, Func<string, Exception> malformed)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw malformed(e.Message);
        }
    }
}
