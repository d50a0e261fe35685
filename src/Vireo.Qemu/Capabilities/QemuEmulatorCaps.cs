namespace Vireo.Qemu.Capabilities;

/// <summary>The emulator's version as QMP query-version reports it, e.g. 7.2.22 "Debian 1:7.2+dfsg-7+deb12u18+b3".</summary>
public sealed record QemuVersion(int Major, int Minor, int Micro, string Package = "")
{
    /// <summary>libvirt's integer form (major * 1,000,000 + minor * 1,000 + micro), as virConnectGetVersion returns it.</summary>
    public ulong Number => (ulong)Major * 1_000_000 + (ulong)Minor * 1_000 + (ulong)Micro;

    public bool AtLeast(int major, int minor, int micro = 0) => Number >= (ulong)major * 1_000_000 + (ulong)minor * 1_000 + (ulong)micro;

    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}

/// <summary>One machine type from query-machines: its full name, its alias (pc, q35), and QEMU's limits for it.</summary>
public sealed record QemuMachineType
{
    public required string Name { get; init; }
    public string? Alias { get; init; }
    public bool IsDefault { get; init; }
    public int MaxCpus { get; init; }
    public bool Deprecated { get; init; }
    public bool HotpluggableCpus { get; init; }

    /// <summary>The QOM type of the default CPU, e.g. "qemu64-x86_64-cpu".</summary>
    public string? DefaultCpuType { get; init; }

    /// <summary>The id QEMU gives the main RAM backend ("pc.ram"): -machine memory-backend= must use it to keep migration compatible.</summary>
    public string? DefaultRamId { get; init; }

    /// <summary>True for the i440fx family ("pc-i440fx-*", "pc"): PCI root bus pci.0 and the built-in PIIX3 IDE.</summary>
    public bool IsI440fx => Name.StartsWith("pc-i440fx-", StringComparison.Ordinal) || Name == "pc";

    /// <summary>True for the Q35 family ("pc-q35-*", "q35"): PCIe root bus pcie.0 and the built-in ICH9 AHCI.</summary>
    public bool IsQ35 => Name.StartsWith("pc-q35-", StringComparison.Ordinal) || Name == "q35";
}

/// <summary>One CPU model from query-cpu-definitions (under the accelerator the probe ran with).</summary>
public sealed record QemuCpuModel
{
    public required string Name { get; init; }
    public string? TypeName { get; init; }

    /// <summary>Features the model wants but the probing accelerator cannot give (empty: usable as is).</summary>
    public IReadOnlyList<string> UnavailableFeatures { get; init; } = [];
    public bool Deprecated { get; init; }
    public bool Static { get; init; }
    public bool MigrationSafe { get; init; }
}

/// <summary>
/// What one emulator binary offers, probed once per binary (see QemuCapsProber and QemuCapsCache) and
/// used by the command builder to refuse what the binary cannot run, and by the driver to answer
/// &lt;capabilities&gt; and &lt;domainCapabilities&gt;.
/// </summary>
public sealed record QemuEmulatorCaps
{
    public required string EmulatorPath { get; init; }
    public required QemuVersion Version { get; init; }

    /// <summary>The guest architecture, from query-target (e.g. "x86_64").</summary>
    public required string Arch { get; init; }
    public IReadOnlyList<QemuMachineType> Machines { get; init; } = [];

    /// <summary>Every concrete QOM type name (devices, objects, accelerators, machines).</summary>
    public IReadOnlySet<string> QomTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Accelerator names without the "-accel" suffix: "tcg", "kvm", ...</summary>
    public IReadOnlyList<string> Accelerators { get; init; } = [];
    public IReadOnlyList<QemuCpuModel> CpuModels { get; init; } = [];

    /// <summary>Which accelerator the CPU model list was probed under ("tcg").</summary>
    public string CpuModelsAccelerator { get; init; } = "tcg";

    /// <summary>
    /// The CPU QEMU gives a guest of CPU model 'max' under that accelerator (its static expansion), or null when
    /// QEMU could not expand it. libvirt answers hypervisor-cpu-compare and -baseline from it.
    /// </summary>
    public QemuCpuExpansion? MaxCpuExpansion { get; init; }

    /// <summary>The default machine type (is-default in query-machines), if any.</summary>
    public QemuMachineType? DefaultMachine => Machines.FirstOrDefault(m => m.IsDefault);

    /// <summary>Looks a machine type up by its name or its alias ("pc" gives pc-i440fx-7.2).</summary>
    public QemuMachineType? FindMachine(string name) =>
        Machines.FirstOrDefault(m => m.Name == name) ?? Machines.FirstOrDefault(m => m.Alias == name);

    public bool HasDevice(string qomType) => QomTypes.Contains(qomType);

    public bool HasAccelerator(string name) => Accelerators.Contains(name);

    public QemuCpuModel? FindCpuModel(string name) => CpuModels.FirstOrDefault(c => c.Name == name);

    /// <summary>Machine names for messages and &lt;capabilities&gt;: aliases first, then the full names in order.</summary>
    public IReadOnlyList<string> MachineNamesForDisplay() =>
        [.. Machines.Where(m => m.Alias is not null).Select(m => m.Alias!).Order(StringComparer.Ordinal),
         .. Machines.Select(m => m.Name).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The &lt;domain type&gt; values this binary can run: "qemu" (TCG) always when TCG is built in, "kvm"
    /// only when the binary has KVM and the host says KVM is usable.
    /// </summary>
    public IReadOnlyList<string> DomainTypes(bool kvmUsable)
    {
        var types = new List<string>();
        if (HasAccelerator("tcg")) types.Add("qemu");
        if (kvmUsable && HasAccelerator("kvm")) types.Add("kvm");
        return types;
    }
}
