using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// virDomainBlockCopy's destxml: a &lt;disk type='file|block'&gt; with &lt;source file|dev&gt; and an optional
/// &lt;driver type&gt; (virsh writes exactly that). Pure.
/// </summary>
public static class BlockCopyDestinationXml
{
    public static BlockCopyDestination Parse(string xml)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root!;
        }
        catch (XmlException e)
        {
            throw VirErrors.Xml($"the block copy destination is not well-formed XML: {e.Message}");
        }
        if (root.Name.LocalName != "disk")
            throw VirErrors.WrongRoot("disk", root.Name.LocalName);
        var type = (string?)root.Attribute("type") ?? "file";
        if (type is not ("file" or "block"))
            throw VirErrors.Unsupported($"a block copy destination of disk type '{type}' is not supported: Vireo copies to a file or a block device");
        var block = type == "block";
        var path = (string?)root.Element("source")?.Attribute(block ? "dev" : "file");
        if (string.IsNullOrEmpty(path))
            throw VirErrors.Xml($"the block copy destination has no <source {(block ? "dev" : "file")}='...'/>");
        var format = (string?)root.Element("driver")?.Attribute("type") switch
        {
            null => (DiskFormat?)null,
            "qcow2" => DiskFormat.Qcow2,
            "raw" => DiskFormat.Raw,
            var other => throw VirErrors.Unsupported($"a block copy destination in format '{other}' is not supported: Vireo copies to qcow2 or raw images"),
        };
        return new BlockCopyDestination(path, block, format);
    }
}
