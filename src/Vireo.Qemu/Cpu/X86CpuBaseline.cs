using Vireo.Core.Errors;

namespace Vireo.Qemu.Cpu;

/// <summary>
/// cpu-baseline on x86, as libvirt 9.0 computes it (x86Baseline, then the expansion of --features): the CPUID
/// bits every CPU has, named with the closest guest model (the CPUs' common model when they share one, which
/// then gets fallback='forbid'), the vendor only when every CPU names it, and with --features every feature of
/// the model listed by name. Pure.
/// </summary>
public static class X86CpuBaseline
{
    /// <param name="hypervisor">
    /// For hypervisor-cpu-baseline: the CPU is named only with models QEMU has (their blockers taken away), keeps only
    /// features QEMU knows when it says which, and its model is always fallback='forbid', as libvirt's QEMU driver makes it.
    /// </param>
    public static string Compute(IReadOnlyList<CpuDefinition> cpus, X86CpuMap map, bool expandFeatures, bool migratable, X86BaselineHypervisor? hypervisor = null)
    {
        var common = X86CpuModelData.Of(cpus[0], map, null);
        var outputVendor = cpus[0].Vendor is not null;
        var vendor = cpus[0].Vendor is { } v0 ? map.Vendor(v0) ?? throw VirErrors.Failed($"Unknown CPU vendor {v0}", VirErrorDomain.Cpu) : null;
        var modelName = cpus[0].Model;
        var matchingNames = true;
        foreach (var cpu in cpus.Skip(1))
        {
            if (matchingNames && cpu.Model is { } m)
            {
                if (modelName is null) modelName = m;
                else if (modelName != m) (modelName, matchingNames) = (null, false);
            }
            var data = X86CpuModelData.Of(cpu, map, null);
            var model = cpu.Model is { } name ? map.Model(name) : null;
            if (cpu.Vendor is { } cv && model?.Vendor is { } mv && cv != mv.Name)
                throw VirErrors.Failed($"CPU vendor {mv.Name} of model {model.Name} differs from vendor {cv}", VirErrorDomain.Cpu);
            string? vn = cpu.Vendor;
            if (vn is null)
            {
                outputVendor = false;
                vn = model?.Vendor?.Name;
            }
            if (vn is not null)
            {
                if (vendor is null) vendor = map.Vendor(vn) ?? throw VirErrors.Failed($"Unknown CPU vendor {vn}", VirErrorDomain.Cpu);
                else if (vendor.Name != vn) throw VirErrors.Failed("CPU vendors do not match", VirErrorDomain.Cpu);
            }
            common.Intersect(data);
        }
        if (hypervisor?.KnownFeatures is { } known)
        {
            var knownData = new X86Data();
            foreach (var name in known)
                if (map.Feature(name) is { } f) knownData.Add(f.Data);
            common.Intersect(knownData);
        }
        if (common.IsEmpty) throw VirErrors.Failed("CPUs are incompatible", VirErrorDomain.Cpu);
        if (vendor is not null) common.Add(X86CpuidLeaves.Vendor(vendor.Id));

        var decoded = X86Decoder.DecodeGuest(common, map, modelName, migratable, hypervisor?.Models);
        var features = decoded.Required.Select(n => new CpuFeatureRequest(n, CpuFeaturePolicy.Require))
            .Concat(decoded.Disabled.Select(n => new CpuFeatureRequest(n, CpuFeaturePolicy.Disable)));
        if (expandFeatures) features = Expand(decoded.Model, features, map);
        return CpuDefinitionXml.FormatGuest(decoded.Model, hypervisor is not null || decoded.Model == modelName, outputVendor ? decoded.Vendor : null, features);
    }

    /// <summary>
    /// Every feature of the model required by name, the CPU's own features applied over them (a disabled one stays
    /// disabled), sorted by name as libvirt sorts an expanded CPU.
    /// </summary>
    private static IEnumerable<CpuFeatureRequest> Expand(string model, IEnumerable<CpuFeatureRequest> own, X86CpuMap map)
    {
        var byName = new Dictionary<string, CpuFeatureRequest>(StringComparer.Ordinal);
        foreach (var n in X86Decoder.FeaturesIn(map.Model(model)!.Data, map))
            byName[n] = new CpuFeatureRequest(n, CpuFeaturePolicy.Require);
        foreach (var f in own) byName[f.Name] = f;
        return byName.Values.OrderBy(f => f.Name, StringComparer.Ordinal);
    }
}

/// <summary>What QEMU offers a hypervisor baseline: its CPU models, and the features it knows (null: it did not say).</summary>
public sealed record X86BaselineHypervisor(X86HypervisorModels Models, IReadOnlyCollection<string>? KnownFeatures);
