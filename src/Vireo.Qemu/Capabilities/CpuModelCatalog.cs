namespace Vireo.Qemu.Capabilities;

/// <summary>The answer to an architecture's CPU model list: the names, "any model", or why there is none.</summary>
public enum CpuModelAnswer { Models, AnyModel, NoCpuDriver, UnknownArch }

/// <summary>
/// The CPU model names virsh cpu-models prints, as libvirt 9.0 answers them. libvirtd does not ask QEMU
/// here: it answers from its own CPU map (the models it can describe and compare), so this catalog holds
/// the names libvirtd 9.0 printed on this machine, in its order. x86 (i686, x86_64) and ppc64 have lists;
/// ARM and s390 accept any model (an empty list); other architectures libvirt knows have no CPU driver;
/// a name libvirt does not know is no architecture at all.
/// </summary>
public static class CpuModelCatalog
{
    private static readonly string[] X86 =
    [
        "486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo", "n270", "core2duo", "qemu32", "kvm32",
        "cpu64-rhel5", "cpu64-rhel6", "qemu64", "kvm64", "Conroe", "Penryn", "Nehalem", "Nehalem-IBRS", "Westmere",
        "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS", "IvyBridge", "IvyBridge-IBRS", "Haswell-noTSX",
        "Haswell-noTSX-IBRS", "Haswell", "Haswell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Broadwell",
        "Broadwell-IBRS", "Skylake-Client", "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Server",
        "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS", "Cascadelake-Server", "Cascadelake-Server-noTSX",
        "Icelake-Client", "Icelake-Client-noTSX", "Icelake-Server", "Icelake-Server-noTSX", "Cooperlake", "Snowridge",
        "athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC", "EPYC-IBPB",
        "EPYC-Rome", "EPYC-Milan", "Dhyana",
    ];

    private static readonly string[] Ppc64 = ["POWER6", "POWER7", "POWER8", "POWER9", "POWER10", "POWERPC_e5500", "POWERPC_e6500"];

    private static readonly HashSet<string> AnyModel = ["armv6l", "armv7l", "armv7b", "aarch64", "s390", "s390x"];

    /// <summary>libvirt 9.0's architecture names (virArch) that have no CPU driver.</summary>
    private static readonly HashSet<string> WithoutCpuDriver =
    [
        "alpha", "cris", "ia64", "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el",
        "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppcemb", "riscv32", "riscv64", "sh4", "sh4eb", "sparc",
        "sparc64", "unicore32", "xtensa", "xtensaeb",
    ];

    public static (CpuModelAnswer Answer, IReadOnlyList<string> Names) For(string arch) => arch switch
    {
        "i686" or "x86_64" => (CpuModelAnswer.Models, X86),
        "ppc64" or "ppc64le" => (CpuModelAnswer.Models, Ppc64),
        _ when AnyModel.Contains(arch) => (CpuModelAnswer.AnyModel, []),
        _ when WithoutCpuDriver.Contains(arch) => (CpuModelAnswer.NoCpuDriver, []),
        _ => (CpuModelAnswer.UnknownArch, []),
    };
}
