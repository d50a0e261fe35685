using Vireo.Core.Capabilities;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>
/// libvirt's &lt;domainCapabilities&gt; for one emulator, type, arch and machine, from the emulator's probe.
/// Lists what Vireo can actually run on it. Pure.
/// </summary>
internal static class DomainCapabilitiesBuilder
{
    private static CapabilityEnum YesNo(string name) => new(name, ["yes", "no"]);

    public static DomainCapabilities Build(QemuEmulatorCaps caps, bool kvmUsable, string kvmReason,
        string? arch, string? machine, string? virtType, IReadOnlyList<string> firmwareImages)
    {
        var type = virtType ?? (kvmUsable && caps.HasAccelerator("kvm") ? "kvm" : "qemu");
        if (type is not ("qemu" or "kvm"))
            throw VirErrors.InvalidArg($"virttype '{type}' is not supported by the QEMU driver; use 'qemu' or 'kvm'");
        if (type == "kvm" && !(kvmUsable && caps.HasAccelerator("kvm")))
            throw VirErrors.Unsupported($"domain type 'kvm' cannot run here. {kvmReason}", VirErrorDomain.Qemu);
        if (arch is not null && arch != caps.Arch)
            throw VirErrors.Unsupported($"the emulator {caps.EmulatorPath} runs architecture '{caps.Arch}', not '{arch}'", VirErrorDomain.Qemu);
        var m = machine is null ? caps.DefaultMachine ?? caps.Machines.FirstOrDefault() : caps.FindMachine(machine)
            ?? throw VirErrors.Unsupported(
                $"the emulator {caps.EmulatorPath} does not support machine type '{machine}'; it supports: {string.Join(", ", caps.MachineNamesForDisplay())}",
                VirErrorDomain.Qemu);

        return new DomainCapabilities
        {
            EmulatorPath = caps.EmulatorPath,
            DomainType = type,
            Machine = m?.Name,
            Arch = caps.Arch,
            MaxVcpus = m?.MaxCpus is > 0 ? m.MaxCpus : null,
            IoThreads = caps.HasDevice("iothread"),
            Os = new CapabilityGroup(true, firmwareImages.Count > 0 ? [new CapabilityEnum("firmware", ["efi"])] : []),
            Loader = new LoaderCapability(true, firmwareImages, [new CapabilityEnum("type", ["rom", "pflash"]), YesNo("readonly"), YesNo("secure")]),
            Cpu = new CpuModes
            {
                HostPassthrough = type == "kvm",
                Maximum = true,
                HostModel = false,
                Custom = caps.CpuModels.Count > 0,
                CustomModels = caps.CpuModels.Select(c => new CpuModelCapability(c.Name,
                    c.UnavailableFeatures.Count == 0 ? "yes" : "no", "unknown", c.Deprecated)).ToList(),
            },
            MemoryBacking = new CapabilityGroup(true, [new CapabilityEnum("sourceType",
                [.. new[] { "file", "anonymous" }, .. caps.HasDevice("memory-backend-memfd") ? new[] { "memfd" } : []])]),
            Devices =
            [
                new NamedCapability("disk", true,
                [
                    new CapabilityEnum("diskDevice", ["disk", "cdrom", "floppy", "lun"]),
                    new CapabilityEnum("bus", ["ide", "fdc", "scsi", "virtio", "usb", "sata"]),
                ]),
                new NamedCapability("graphics", true, [new CapabilityEnum("type", ["vnc", "spice"])]),
                new NamedCapability("video", true, [new CapabilityEnum("modelType",
                    new[] { ("VGA", "vga"), ("cirrus-vga", "cirrus"), ("virtio-vga", "virtio"), ("qxl-vga", "qxl"), ("bochs-display", "bochs"), ("ramfb", "ramfb") }
                        .Where(v => caps.HasDevice(v.Item1)).Select(v => v.Item2).Append("none").ToList())]),
                new NamedCapability("hostdev", false),
                new NamedCapability("rng", caps.HasDevice("virtio-rng-pci"), [new CapabilityEnum("model", ["virtio"]), new CapabilityEnum("backendModel", ["random", "egd", "builtin"])]),
                new NamedCapability("filesystem", false),
                new NamedCapability("tpm", false),
                new NamedCapability("redirdev", false),
                new NamedCapability("channel", true, [new CapabilityEnum("type", ["pty", "unix"])]),
            ],
            Features =
            [
                new NamedCapability("vmcoreinfo", caps.HasDevice("vmcoreinfo")),
                new NamedCapability("genid", caps.HasDevice("vmgenid")),
                new NamedCapability("backingStoreInput", true),
                new NamedCapability("backup", false),
                new NamedCapability("sev", false),
                new NamedCapability("sgx", false),
            ],
        };
    }
}
