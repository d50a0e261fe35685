namespace Vireo.Qemu.Cpu;

/// <summary>
/// The two CPUID leaves that are not features: leaf 0 carrying the vendor's string (ebx, edx, ecx) and leaf 1's
/// eax carrying the signature, written as <see cref="X86Decoder"/> reads them back. Pure.
/// </summary>
public static class X86CpuidLeaves
{
    public static X86Data Vendor(string vendorId)
    {
        var b = System.Text.Encoding.ASCII.GetBytes(vendorId.PadRight(12, '\0')[..12]);
        var data = new X86Data();
        data.Set(new CpuidLeaf(0, 0), 0, BitConverter.ToUInt32(b, 0), BitConverter.ToUInt32(b, 8), BitConverter.ToUInt32(b, 4));
        return data;
    }

    /// <summary>Leaf 1's eax for a family, model and stepping: the extended family above 15, the extended model above 15.</summary>
    public static X86Data Signature(uint family, uint model, uint stepping)
    {
        var extendedFamily = family > 0xf ? family - 0xf : 0;
        var eax = (stepping & 0xf) | ((model & 0xf) << 4) | (Math.Min(family, 0xf) << 8) | (((model >> 4) & 0xf) << 16) | ((extendedFamily & 0xff) << 20);
        var data = new X86Data();
        data.Set(new CpuidLeaf(1, 0), eax, 0, 0, 0);
        return data;
    }
}
