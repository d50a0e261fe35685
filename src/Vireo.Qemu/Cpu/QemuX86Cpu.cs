using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Cpu;

/// <summary>
/// QEMU's x86 CPU facts in libvirt's terms, as libvirt's QEMU driver translates them: QEMU's feature names to the
/// map's, QEMU's CPU models with their blockers, and the static expansion of 'max' to the CPU "provided by the
/// hypervisor on the host" (a model of the map with features added and taken away, fallback='forbid'). Pure.
/// </summary>
public static class QemuX86Cpu
{
    /// <summary>
    /// The map's name for a QEMU feature, or null when the map has none (kvm* and most vmx-* features). QEMU spells
    /// with dashes some features the map spells with underscores (lahf-lm, fxsr-opt, perfctr-core, ...), and calls
    /// pclmuldq by its Intel name.
    /// </summary>
    public static string? FeatureName(string qemuName, X86CpuMap map)
    {
        if (map.Feature(qemuName) is not null) return qemuName;
        if (qemuName == "pclmulqdq" && map.Feature("pclmuldq") is not null) return "pclmuldq";
        var underscored = qemuName.Replace('-', '_');
        return map.Feature(underscored) is not null ? underscored : null;
    }

    /// <summary>QEMU's CPU models (query-cpu-definitions under the probe's accelerator) with their blockers in the map's names.</summary>
    public static X86HypervisorModels Models(IEnumerable<QemuCpuModel> models, X86CpuMap map) =>
        new(models.ToDictionary(m => m.Name,
            m => (IReadOnlyList<string>)m.UnavailableFeatures.Select(f => FeatureName(f, map) ?? f).ToList(), StringComparer.Ordinal));

    /// <summary>
    /// The features QEMU knows for the expanded model, in the map's names, whether on or off (libvirt keeps a baseline
    /// feature only if QEMU knows it); with <paramref name="migratable"/>, without those a migrating guest loses.
    /// </summary>
    public static IReadOnlyList<string> KnownFeatures(QemuCpuExpansion expansion, X86CpuMap map, bool migratable) =>
        expansion.Properties
            .Where(p => p.Enabled is not null && !(migratable && p.Migratable == false))
            .Select(p => FeatureName(p.Name, map))
            .OfType<string>()
            .ToList();

    /// <summary>
    /// The CPU QEMU provides, named with the closest of QEMU's models: the expansion's features that are on (the map's
    /// features only), its vendor and its family/model/stepping, described as a guest CPU.
    /// </summary>
    public static X86CpuDescription Provided(QemuCpuExpansion expansion, X86CpuMap map, X86HypervisorModels models)
    {
        var data = new X86Data();
        uint family = 0, model = 0, stepping = 0;
        foreach (var p in expansion.Properties)
        {
            if (p.Enabled == true && FeatureName(p.Name, map) is { } name)
                data.Add(map.Feature(name)!.Data);
            else if (p.Name == "vendor" && p.Value is { } vendor)
                data.Add(X86CpuidLeaves.Vendor(vendor));
            else if (p.Name == "family") family = Number(p);
            else if (p.Name == "model") model = Number(p);
            else if (p.Name == "stepping") stepping = Number(p);
        }
        data.Add(X86CpuidLeaves.Signature(family, model, stepping));
        return X86Decoder.DecodeGuest(data, map, preferred: null, migratable: false, models);
    }

    /// <summary>The provided CPU as a &lt;cpu&gt; that can be compared with (required and disabled features).</summary>
    public static CpuDefinition AsDefinition(X86CpuDescription cpu) =>
        new(CpuDefinitionType.Guest, null, cpu.Model, cpu.Vendor, "exact", Features(cpu).ToList());

    /// <summary>The provided CPU as libvirt prints it (domcapabilities' host-model, a baseline of it).</summary>
    public static string Format(X86CpuDescription cpu) => CpuDefinitionXml.FormatGuest(cpu.Model, fallbackForbid: true, cpu.Vendor, Features(cpu));

    private static IEnumerable<CpuFeatureRequest> Features(X86CpuDescription cpu) =>
        cpu.Required.Select(n => new CpuFeatureRequest(n, CpuFeaturePolicy.Require))
            .Concat(cpu.Disabled.Select(n => new CpuFeatureRequest(n, CpuFeaturePolicy.Disable)));

    private static uint Number(QemuCpuProperty p) =>
        uint.TryParse(p.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
