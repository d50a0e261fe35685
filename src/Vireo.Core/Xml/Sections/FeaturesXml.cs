using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;features&gt; both ways. Formatted in libvirt's feature order.</summary>
internal static class FeaturesXml
{
    public static FeaturesDef? Parse(XmlNode? n)
    {
        if (n is null) return null;
        var kvm = n.Child("kvm");
        var caps = n.Child("capabilities");
        return new FeaturesDef
        {
            Acpi = ParseMarker(n.Child("acpi")),
            Apic = ParseMarker(n.Child("apic")),
            Pae = ParseMarker(n.Child("pae")),
            Hap = ParseToggle(n.Child("hap")),
            PrivNet = ParseMarker(n.Child("privnet")),
            Kvm = kvm is null ? null : new KvmFeaturesDef(ParseToggle(kvm.Child("hidden"))),
            Capabilities = caps is null ? null : new CapabilitiesDef
            {
                Policy = caps.Enum<CapabilityPolicy>("policy"),
                Items = caps.Element.Elements().Select(e =>
                {
                    var name = e.Name.LocalName;
                    if (e.Name.Namespace != XNamespace.None || !CapabilityNames.All.Contains(name))
                        throw XmlErrors.UnknownValue(name, "a capability element", "<capabilities>", CapabilityNames.All);
                    return new CapabilityDef(name, caps.Child(name)!.Enum<OnOff>("state"));
                }).ToList(),
            },
            Pmu = ParseToggle(n.Child("pmu")),
            Vmport = ParseToggle(n.Child("vmport")),
            Smm = ParseToggle(n.Child("smm")),
            VmCoreInfo = ParseToggle(n.Child("vmcoreinfo")),
        };
    }

    // acpi, apic, pae and privnet are bare markers in libvirt's schema: a state attribute stays unread and is refused.
    private static Toggle? ParseMarker(XmlNode? n) => n is null ? null : Toggle.Present;

    private static Toggle? ParseToggle(XmlNode? n) => n is null ? null : new Toggle(n.Enum<OnOff>("state"));

    public static XElement? Format(FeaturesDef? f) => f is null ? null : E("features",
        FormatMarker("acpi", f.Acpi),
        FormatMarker("apic", f.Apic),
        FormatMarker("pae", f.Pae),
        FormatToggle("hap", f.Hap),
        FormatMarker("privnet", f.PrivNet),
        f.Kvm is null ? null : E("kvm", FormatToggle("hidden", f.Kvm.Hidden)),
        f.Capabilities is { } c ? E("capabilities", A("policy", c.Policy), c.Items.Select(i => E(i.Name, A("state", i.State)))) : null,
        FormatToggle("pmu", f.Pmu),
        FormatToggle("vmport", f.Vmport),
        FormatToggle("smm", f.Smm),
        FormatToggle("vmcoreinfo", f.VmCoreInfo));

    // A marker switched off is the same as an absent one; libvirt's schema has no state attribute for it.
    private static XElement? FormatMarker(string name, Toggle? t) => t is null || !t.Enabled ? null : E(name);

    private static XElement? FormatToggle(string name, Toggle? t) => t is null ? null : E(name, A("state", t.State));
}
