namespace Vireo.Platform.Host;

/// <summary>Whether hardware acceleration can run stock guests here, and if not, a sentence saying why.</summary>
public sealed record KvmStatus(bool Usable, string Reason);

/// <summary>
/// Trusting /dev/kvm alone is wrong: nested "kvm_pvm" hosts expose /dev/kvm but run an unmodified guest
/// kernel in the instruction emulator, which dies early (qemu-probe §2). So we also require vmx/svm.
/// </summary>
public static class KvmProbe
{
    public static KvmStatus Check() =>
        Evaluate(File.Exists("/dev/kvm"), Directory.Exists("/sys/module/kvm_pvm"),
            File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : "");

    /// <summary>The decision, from the three facts (pure, for tests).</summary>
    public static KvmStatus Evaluate(bool devKvmExists, bool kvmPvmLoaded, string cpuinfo)
    {
        if (!devKvmExists)
            return new(false, "KVM is not usable: /dev/kvm does not exist (the kvm module is not loaded or the CPU lacks virtualization support).");
        if (kvmPvmLoaded)
            return new(false, "KVM is not usable: /dev/kvm is provided by kvm_pvm (nested PVM), which cannot run unmodified guest kernels; use TCG.");
        bool vmx = false, svm = false;
        foreach (string line in cpuinfo.Split('\n'))
        {
            if (!line.StartsWith("flags", StringComparison.Ordinal))
                continue;
            var flags = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            vmx |= flags.Contains("vmx");
            svm |= flags.Contains("svm");
            break;
        }
        if (!vmx && !svm)
            return new(false, "KVM is not usable: the CPU flags in /proc/cpuinfo have neither vmx (Intel VT-x) nor svm (AMD-V).");
        return new(true, $"KVM is usable ({(vmx ? "Intel VT-x" : "AMD-V")}).");
    }
}
