using System.Runtime.Intrinsics.X86;

namespace Vireo.Qemu.Cpu;

/// <summary>
/// The host's CPUID as libvirtd reads it for its host CPU description: leaf 0 (vendor), leaf 1 (signature) and
/// every leaf and sub-leaf a feature of the map is defined in, each within the basic or extended range the CPU
/// reports (a leaf past it reads as zeros, as libvirt leaves it out).
/// </summary>
public static class X86HostCpuid
{
    public static bool Available => X86Base.IsSupported;

    public static X86Data Read(X86CpuMap map)
    {
        var data = new X86Data();
        if (!X86Base.IsSupported) return data;
        var maxBasic = (uint)X86Base.CpuId(0, 0).Eax;
        var maxExtended = (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax;
        var leaves = new HashSet<CpuidLeaf> { new(0, 0), new(1, 0), new(0x80000008, 0) };
        foreach (var f in map.Features)
            foreach (var (leaf, _, _, _, _) in f.Data.Leaves)
                leaves.Add(leaf);
        foreach (var leaf in leaves)
        {
            if (leaf.IsMsr) continue;
            var inRange = leaf.EaxIn >= 0x80000000 ? leaf.EaxIn <= maxExtended : leaf.EaxIn <= maxBasic;
            if (!inRange) continue;
            var (eax, ebx, ecx, edx) = X86Base.CpuId(unchecked((int)leaf.EaxIn), unchecked((int)leaf.EcxIn));
            data.Set(leaf, (uint)eax, (uint)ebx, (uint)ecx, (uint)edx);
        }
        return data;
    }
}
