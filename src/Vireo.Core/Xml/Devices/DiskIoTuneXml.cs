using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// A disk's &lt;iotune&gt; both ways, as libvirt 9.0 reads and writes it: each limit a decimal number (nothing
/// else, not even spaces), a total limit and its read/write pair refused together, zeros and an empty group
/// name not written (an &lt;iotune&gt; left with nothing disappears). Unlike libvirt, an element given twice or
/// one libvirt does not know is refused rather than ignored (Vireo drops nothing silently). Pure.
/// </summary>
internal static class DiskIoTuneXml
{
    public static DiskIoTuneDef? Parse(XmlNode? iotune)
    {
        if (iotune is null) return null;
        var values = new ulong[DiskIoTuneDef.FieldCount];
        for (int i = 0; i < values.Length; i++)
        {
            var name = DiskIoTuneDef.Names[i];
            if (iotune.Child(name) is not { } child) continue;
            values[i] = ulong.TryParse(child.Text(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw XmlErrors.BadValue($"disk iotune field '{name}' must be an integer");
        }
        var tune = DiskIoTuneDef.Of(values, iotune.ChildText(DiskIoTuneDef.GroupNameField));
        if (IoTuneRules.TotalWithReadOrWrite(tune) is { } family)
            throw XmlErrors.BadValue($"total and read/write {family} cannot be set at the same time");
        return tune.IsEmpty ? null : tune;
    }

    public static XElement? Format(DiskIoTuneDef? t)
    {
        if (t is null || t.IsEmpty) return null;
        var children = new List<XElement>();
        for (int i = 0; i < DiskIoTuneDef.FieldCount; i++)
        {
            if (t.Values[i] != 0) children.Add(new XElement(DiskIoTuneDef.Names[i], Invariant(t.Values[i])));
            if (i == (int)IoTuneField.SizeIopsSec && Text(DiskIoTuneDef.GroupNameField, t.GroupName) is { } group) children.Add(group);
        }
        return E("iotune", children);
    }
}
