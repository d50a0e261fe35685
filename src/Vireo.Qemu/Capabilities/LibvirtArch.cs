namespace Vireo.Qemu.Capabilities;

/// <summary>
/// libvirt's architecture names against QEMU's: QEMU's target "i386" is libvirt's i686 and "arm" its armv7l, and
/// the binary for i686 is qemu-system-i386; which names libvirt 9.0 knows at all; which belong to one family (an
/// x86_64 emulator serves i686 and the other way round). Pure.
/// </summary>
public static class LibvirtArch
{
    public static bool IsKnown(string arch) => CpuModelCatalog.For(arch).Answer != CpuModelAnswer.UnknownArch;

    /// <summary>libvirt's name for the architecture QEMU's query-target reports.</summary>
    public static string FromQemuTarget(string target) => target switch
    {
        "i386" => "i686",
        "arm" => "armv7l",
        _ => target,
    };

    /// <summary>The binary names (qemu-system-NAME) that can serve an architecture on a host, in libvirt's order of preference.</summary>
    public static IReadOnlyList<string> EmulatorNames(string arch, string hostArch)
    {
        var names = new List<string> { "qemu-system-" + QemuTarget(arch) };
        var fallback = arch switch
        {
            "ppc64le" => "ppc64",
            "i686" when hostArch == "x86_64" => "x86_64",
            _ => null,
        };
        if (fallback is not null) names.Add("qemu-system-" + fallback);
        return names;
    }

    public static bool SameFamily(string a, string b) => a == b || (Family(a) is { } f && f == Family(b));

    private static string QemuTarget(string arch) => arch switch
    {
        "i686" => "i386",
        "armv6l" or "armv7l" => "arm",
        _ => arch,
    };

    private static string? Family(string arch) => arch switch
    {
        "i686" or "x86_64" => "x86",
        "ppc" or "ppcle" or "ppc64" or "ppc64le" or "ppcemb" => "ppc",
        "armv6l" or "armv7l" or "armv7b" or "aarch64" => "arm",
        "s390" or "s390x" => "s390",
        _ => null,
    };
}
