using Vireo.Core.Errors;

namespace Vireo.Qemu.Cpu;

/// <summary>
/// The CPUID bits a &lt;cpu&gt; stands for, as libvirt's x86 driver computes them (x86ModelFromCPU): the bits of the
/// features with one policy (the model's too for "require"), or (<c>policy</c> null) the CPU as a whole: the model's
/// bits with forced and required features added and disabled and forbidden ones taken away; a host CPU has only
/// required features. A model's features marked removed are not part of it here. An unknown model or feature is refused with libvirt's sentence. Pure.
/// </summary>
public static class X86CpuModelData
{
    public static X86Data Of(CpuDefinition cpu, X86CpuMap map, CpuFeaturePolicy? policy)
    {
        if (cpu.Type == CpuDefinitionType.Host && policy is not (null or CpuFeaturePolicy.Require))
            return new X86Data();
        var data = cpu.Model is { } name && policy is null or CpuFeaturePolicy.Require
            ? (map.Model(name) ?? throw VirErrors.Internal($"Unknown CPU model {name}", VirErrorDomain.Cpu)).CurrentData.Clone()
            : new X86Data();
        foreach (var f in cpu.Features)
        {
            var fpol = f.Policy ?? CpuFeaturePolicy.Require;
            if (policy is null ? fpol == CpuFeaturePolicy.Optional : fpol != policy) continue;
            var bits = (map.Feature(f.Name) ?? throw VirErrors.Internal($"Unknown CPU feature {f.Name}", VirErrorDomain.Cpu)).Data;
            if (policy is null && fpol is CpuFeaturePolicy.Disable or CpuFeaturePolicy.Forbid) data.Subtract(bits);
            else data.Add(bits);
        }
        return data;
    }

    /// <summary>The map's features whose bits are all in <paramref name="data"/>, in map order, joined for libvirt's messages.</summary>
    public static string Names(X86Data data, X86CpuMap map) =>
        string.Join(", ", map.Features.Where(f => !f.Data.IsEmpty && data.Contains(f.Data)).Select(f => f.Name));
}
