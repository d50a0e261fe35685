using Vireo.Core.Errors;
using Vireo.Platform.Host;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>
/// What a call naming an emulator, an architecture, a machine and a domain type (hypervisor-cpu-compare,
/// hypervisor-cpu-baseline) is about: the emulator's probed capabilities, the architecture asked for (the host's by
/// default), the domain type (kvm when KVM is usable, else qemu) and the machine (the default one).
/// </summary>
internal sealed record QemuCapsTarget(string Binary, QemuEmulatorCaps Caps, string Arch, string VirtType, QemuMachineType? Machine);

/// <summary>
/// Finds the <see cref="QemuCapsTarget"/> as libvirt 9.0 does (virQEMUCapsCacheLookupDefault), with its refusals in
/// its order: an unknown domain type or architecture, no emulator for the architecture, a missing emulator, an
/// emulator of another architecture family, an accelerator this host or emulator lacks, a machine the emulator lacks.
/// </summary>
internal static class QemuCapsLookup
{
    /// <summary>libvirt 9.0's domain types (virDomainVirtType); "none" means "the default".</summary>
    private static readonly HashSet<string> VirtTypes =
        ["none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz"];

    public static async Task<QemuCapsTarget> FindAsync(QemuEmulators emulators, KvmStatus kvm, string? emulator, string? arch, string? machine,
        string? virtType, CancellationToken ct)
    {
        if (virtType is not null && !VirtTypes.Contains(virtType))
            throw VirErrors.InvalidArg($"unknown virttype: {virtType}", VirErrorDomain.Qemu);
        if (arch is not null && !LibvirtArch.IsKnown(arch))
            throw VirErrors.InvalidArg($"unknown architecture: {arch}", VirErrorDomain.Qemu);
        var hostArch = HostSnapshot.HostArch();
        var wanted = arch ?? hostArch;
        var binary = emulator ?? DefaultEmulator(emulators, wanted, hostArch)
            ?? throw VirErrors.Unsupported($"unable to find any emulator to serve '{wanted}' architecture", VirErrorDomain.Qemu);
        if (!File.Exists(binary))
            throw VirErrors.System($"Cannot check QEMU binary {binary}: No such file or directory");
        var caps = await emulators.GetAsync(Path.GetFullPath(binary), ct).ConfigureAwait(false);

        var emulatorArch = LibvirtArch.FromQemuTarget(caps.Arch);
        if (!LibvirtArch.SameFamily(wanted, emulatorArch))
            throw VirErrors.InvalidArg($"architecture from emulator '{emulatorArch}' doesn't match given architecture '{wanted}'", VirErrorDomain.Qemu);

        var kvmUsable = kvm.Usable && caps.HasAccelerator("kvm");
        var type = virtType is null or "none" ? (kvmUsable ? "kvm" : "qemu") : virtType;
        var accelerated = type switch
        {
            "kvm" => kvmUsable,
            "qemu" => caps.HasAccelerator("tcg"),
            _ => false, // the QEMU driver runs no other domain type
        };
        if (!accelerated)
            throw VirErrors.InvalidArg($"the accel '{(type == "kvm" ? "kvm" : "tcg")}' is not supported by '{binary}' on this host", VirErrorDomain.Qemu);

        var found = machine is null ? caps.DefaultMachine : caps.FindMachine(machine);
        if (machine is not null && (found is null || found.Name == "none"))
            throw VirErrors.InvalidArg($"the machine '{machine}' is not supported by emulator '{binary}'", VirErrorDomain.Qemu);
        return new QemuCapsTarget(binary, caps, wanted, type, found);
    }

    /// <summary>
    /// The emulator for an architecture: the daemon's own for the host's architecture, else the first
    /// qemu-system-NAME found beside it or on PATH (qemu-system-i386 for i686, as libvirt looks for it).
    /// </summary>
    private static string? DefaultEmulator(QemuEmulators emulators, string arch, string hostArch)
    {
        if (arch == hostArch) return emulators.DefaultPath;
        var dirs = new List<string>();
        if (Path.GetDirectoryName(emulators.DefaultPath) is { Length: > 0 } own) dirs.Add(own);
        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return LibvirtArch.EmulatorNames(arch, hostArch)
            .SelectMany(name => dirs.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
