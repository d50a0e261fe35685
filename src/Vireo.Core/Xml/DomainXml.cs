using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Core.Xml;

/// <summary>libvirt domain XML to DomainDef and back. (Placeholder: name, uuid and type only.)</summary>
public static class DomainXml
{
    public static DomainDef Parse(string xml)
    {
        XElement root;
        try { root = XElement.Parse(xml); }
        catch (System.Xml.XmlException e) { throw VirErrors.Xml(e.Message); }
        var type = (string?)root.Attribute("type") ?? throw VirErrors.Internal("missing domain type attribute", VirErrorDomain.Domain);
        var name = (string?)root.Element("name") ?? throw new VirException(VirErrorCode.NoName, VirErrorDomain.Domain, "domain");
        var uuidText = (string?)root.Element("uuid");
        return new DomainDef { Type = type, Name = name, Uuid = uuidText is null ? Guid.NewGuid() : Guid.Parse(uuidText) };
    }

    public static string Format(DomainDef def, bool secure = false) =>
        new XElement("domain", new XAttribute("type", def.Type),
            new XElement("name", def.Name), new XElement("uuid", def.Uuid.ToString("D"))).ToString();
}
