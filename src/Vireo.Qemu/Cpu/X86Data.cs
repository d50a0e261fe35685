namespace Vireo.Qemu.Cpu;

/// <summary>
/// One CPUID leaf and sub-leaf (libvirt's eax_in, ecx_in), or a model-specific register (MSR) the map defines
/// features in: kept as a leaf with an impossible sub-leaf, its eax and edx the register's low and high halves.
/// </summary>
public readonly record struct CpuidLeaf(uint EaxIn, uint EcxIn)
{
    private const uint MsrMarker = 0xffffffff;

    public static CpuidLeaf Msr(uint index) => new(index, MsrMarker);

    public bool IsMsr => EcxIn == MsrMarker;
}

/// <summary>
/// A set of x86 CPUID bits by leaf (libvirt's virCPUx86Data restricted to CPUID): what a CPU provides, what a model
/// or a feature needs. Set operations only; the bits mean nothing here. Pure.
/// </summary>
public sealed class X86Data
{
    private readonly Dictionary<CpuidLeaf, uint[]> _leaves = [];

    public IEnumerable<(CpuidLeaf Leaf, uint Eax, uint Ebx, uint Ecx, uint Edx)> Leaves =>
        _leaves.OrderBy(l => l.Key.EaxIn).ThenBy(l => l.Key.EcxIn).Select(l => (l.Key, l.Value[0], l.Value[1], l.Value[2], l.Value[3]));

    public bool IsEmpty => _leaves.Values.All(r => r.All(x => x == 0));

    public X86Data Clone()
    {
        var copy = new X86Data();
        foreach (var (leaf, regs) in _leaves) copy._leaves[leaf] = (uint[])regs.Clone();
        return copy;
    }

    public void Set(CpuidLeaf leaf, uint eax, uint ebx, uint ecx, uint edx) => _leaves[leaf] = [eax, ebx, ecx, edx];

    public uint[] Registers(CpuidLeaf leaf) => _leaves.TryGetValue(leaf, out var r) ? r : [0, 0, 0, 0];

    public void Add(X86Data other)
    {
        foreach (var (leaf, regs) in other._leaves)
        {
            var mine = Mine(leaf);
            for (var i = 0; i < 4; i++) mine[i] |= regs[i];
        }
    }

    public void Subtract(X86Data other)
    {
        foreach (var (leaf, regs) in other._leaves)
            if (_leaves.TryGetValue(leaf, out var mine))
                for (var i = 0; i < 4; i++) mine[i] &= ~regs[i];
    }

    public void Intersect(X86Data other)
    {
        foreach (var (leaf, mine) in _leaves)
        {
            var theirs = other.Registers(leaf);
            for (var i = 0; i < 4; i++) mine[i] &= theirs[i];
        }
    }

    /// <summary>Whether every bit of <paramref name="subset"/> is set here.</summary>
    public bool Contains(X86Data subset) =>
        subset._leaves.All(l => Registers(l.Key) is var mine && Enumerable.Range(0, 4).All(i => (mine[i] & l.Value[i]) == l.Value[i]));

    public bool Overlaps(X86Data other) =>
        other._leaves.Any(l => Registers(l.Key) is var mine && Enumerable.Range(0, 4).Any(i => (mine[i] & l.Value[i]) != 0));

    private uint[] Mine(CpuidLeaf leaf)
    {
        if (!_leaves.TryGetValue(leaf, out var regs)) _leaves[leaf] = regs = new uint[4];
        return regs;
    }
}
