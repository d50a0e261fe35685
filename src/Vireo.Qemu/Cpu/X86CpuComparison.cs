namespace Vireo.Qemu.Cpu;

/// <summary>libvirt's virCPUCompareResult as the API returns it.</summary>
public enum CpuCompareResult { Incompatible = 0, Identical = 1, Superset = 2 }

/// <summary>The result and, for an incompatible CPU, libvirt's reason (the text of the --error failure).</summary>
public sealed record CpuComparison(CpuCompareResult Result, string? Reason = null);

/// <summary>
/// cpu-compare on x86, as libvirt 9.0 decides it (x86Compute): another architecture or vendor is incompatible;
/// a forbidden feature the host has, or a required one (the model's or a feature's) it lacks, is incompatible;
/// a host with features beyond the CPU's is a superset (incompatible for a guest CPU with match='strict');
/// otherwise identical. Each reason lists the features in map order. Pure.
/// </summary>
public static class X86CpuComparison
{
    private static readonly string[] X86Archs = ["i686", "x86_64"];

    public static CpuComparison Compare(CpuDefinition host, CpuDefinition cpu, X86CpuMap map)
    {
        if (cpu.Arch is { } arch && !X86Archs.Contains(arch))
            return Incompatible($"CPU arch {arch} does not match host arch");
        if (cpu.Vendor is { } vendor && host.Vendor != vendor)
            return Incompatible($"host CPU vendor does not match required CPU vendor {vendor}");

        var hostData = X86CpuModelData.Of(host, map, null);
        var force = X86CpuModelData.Of(cpu, map, CpuFeaturePolicy.Force);
        var require = X86CpuModelData.Of(cpu, map, CpuFeaturePolicy.Require);
        var optional = X86CpuModelData.Of(cpu, map, CpuFeaturePolicy.Optional);
        var disable = X86CpuModelData.Of(cpu, map, CpuFeaturePolicy.Disable);
        var forbid = X86CpuModelData.Of(cpu, map, CpuFeaturePolicy.Forbid);

        forbid.Intersect(hostData);
        if (!forbid.IsEmpty)
            return Incompatible("Host CPU provides forbidden features: " + X86CpuModelData.Names(forbid, map));

        // A feature the model brings but the CPU forces, makes optional or disables is not required of the host.
        require.Subtract(force);
        require.Subtract(optional);
        require.Subtract(disable);
        if (!hostData.Contains(require))
        {
            require.Subtract(hostData);
            return Incompatible("Host CPU does not provide required features: " + X86CpuModelData.Names(require, map));
        }

        var extra = hostData.Clone();
        extra.Subtract(optional);
        extra.Subtract(require);
        extra.Subtract(disable);
        extra.Subtract(force);
        if (extra.IsEmpty) return new CpuComparison(CpuCompareResult.Identical);
        if (cpu.Type == CpuDefinitionType.Guest && cpu.Match == "strict")
            return Incompatible("Host CPU does not strictly match guest CPU: Extra features: " + X86CpuModelData.Names(extra, map));
        return new CpuComparison(CpuCompareResult.Superset);
    }

    private static CpuComparison Incompatible(string reason) => new(CpuCompareResult.Incompatible, reason);
}
