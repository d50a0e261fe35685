using System.Text;

namespace Vireo.Core.NodeDevices;

/// <summary>virNodeDeviceDefFormat: the XML NODE_DEVICE_GET_XML_DESC returns (virsh nodedev-dumpxml prints it).</summary>
public static class NodeDeviceXml
{
    public static string Format(NodeDevice d)
    {
        var x = new XmlLines();
        x.Open("device");
        x.Text("name", d.Name);
        x.OptText("path", d.SysfsPath);
        if (d.DevNode is { } node) x.Raw($"<devnode type='dev'>{XmlLines.Escape(node)}</devnode>");
        foreach (var link in d.DevLinks) x.Raw($"<devnode type='link'>{XmlLines.Escape(link)}</devnode>");
        x.OptText("parent", d.Parent);
        if (d.Driver is { } driver)
        {
            x.Open("driver");
            x.Text("name", driver);
            x.Close("driver");
        }
        x.Open("capability", $"type='{d.Cap.Name()}'");
        foreach (var line in d.CapabilityLines) x.Raw(line);
        x.Close("capability");
        x.Close("device");
        var b = new StringBuilder();
        foreach (var line in x.Lines) b.Append(line).Append('\n');
        return b.ToString();
    }
}
