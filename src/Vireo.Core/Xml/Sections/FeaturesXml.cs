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
            HyperV = ParseHyperV(n.Child("hyperv")),
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

    private static HyperVDef? ParseHyperV(XmlNode? n)
    {
        if (n is null) return null;
        var mode = n.Enum<HyperVMode>("mode") ?? HyperVMode.Custom;
        // In libvirt's schema passthrough mode has no children: any stay unread and are refused.
        if (mode == HyperVMode.Passthrough) return new HyperVDef { Mode = mode };
        var features = new List<HyperVFeatureDef>();
        foreach (var name in HyperVFeatureNames.All)
        {
            if (n.Child(name) is not { } f) continue;
            var state = f.RequiredEnum<OnOff>("state");
            features.Add(new HyperVFeatureDef(name, state,
                Retries: name == "spinlocks" && state == OnOff.On ? f.RequiredUInt("retries") : null,
                Value: name == "vendor_id" && state == OnOff.On ? f.RequiredAttr("value") : null,
                Direct: name == "stimer" ? f.Child("direct")?.RequiredEnum<OnOff>("state") : null));
        }
        return new HyperVDef { Mode = mode, Features = features };
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
        f.HyperV is { } h ? E("hyperv", A("mode", h.Mode), h.Features.Select(x => E(x.Name, A("state", x.State), A("retries", x.Retries),
            A("value", x.Value), x.Direct is null ? null : E("direct", A("state", x.Direct))))) : null,
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
