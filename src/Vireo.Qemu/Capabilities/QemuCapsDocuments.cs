using Vireo.Core.Capabilities;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// Turns probed emulator capabilities into Core's &lt;capabilities&gt; guest entry and &lt;domainCapabilities&gt;,
/// listing only what both the binary and the command builder support (a value offered here must
/// start). Domain type 'kvm' appears only when the host says KVM is usable.
/// </summary>
public static class QemuCapsDocuments
{
    public static GuestCapability Guest(QemuEmulatorCaps caps, bool kvmUsable)
    {
        var machines = new List<MachineType>();
        // libvirt lists the default machine first; each alias follows its canonical machine. "none" is not a guest machine.
        foreach (var m in caps.Machines.OrderBy(m => m.IsDefault ? 0 : 1).ThenBy(m => m.Name, StringComparer.Ordinal).Where(m => m.Name != "none"))
        {
            machines.Add(new MachineType(m.Name, null, m.MaxCpus, m.Deprecated));
            if (m.Alias is { } alias) machines.Add(new MachineType(alias, m.Name, m.MaxCpus, m.Deprecated));
        }
        return new GuestCapability
        {
            OsType = "hvm",
            Arch = caps.Arch,
            WordSize = caps.Arch is "i686" or "armv7l" ? 32 : 64,
            Emulator = caps.EmulatorPath,
            Machines = machines,
            DomainTypes = caps.DomainTypes(kvmUsable),
            Features =
            [
                new GuestFeature("acpi", DefaultOn: true, Toggle: true),
                new GuestFeature("apic", DefaultOn: true, Toggle: false),
                new GuestFeature("cpuselection"),
                new GuestFeature("deviceboot"),
                new GuestFeature("disksnapshot", DefaultOn: true, Toggle: false),
            ],
        };
    }

    /// <summary>&lt;domainCapabilities&gt; for one domain type and machine (null: the default machine).</summary>
    public static DomainCapabilities Domain(QemuEmulatorCaps caps, string domainType, string? machine, bool kvmUsable)
    {
        var m = (machine is null ? caps.DefaultMachine : caps.FindMachine(machine))
            ?? throw new ArgumentException($"The emulator {caps.EmulatorPath} has no machine type '{machine}'.", nameof(machine));
        bool kvm = domainType == "kvm" && kvmUsable && caps.HasAccelerator("kvm");
        return new DomainCapabilities
        {
            EmulatorPath = caps.EmulatorPath,
            DomainType = domainType,
            Machine = m.Name,
            Arch = caps.Arch,
            MaxVcpus = m.MaxCpus,
            IoThreads = caps.HasDevice("iothread"),
            Os = new CapabilityGroup(true, [new CapabilityEnum("firmware", [])]),
            Loader = new LoaderCapability(true, [],
            [
                new CapabilityEnum("type", ["rom", "pflash"]),
                new CapabilityEnum("readonly", ["yes", "no"]),
                new CapabilityEnum("secure", ["yes", "no"]),
            ]),
            Cpu = new CpuModes
            {
                HostPassthrough = kvm,
                Maximum = true,
                HostModel = false, // needs the host CPU model expansion libvirt does; not offered
                Custom = true,
                CustomModels = caps.CpuModels.Where(c => c.Name is not ("host" or "max" or "base"))
                    .Select(c => new CpuModelCapability(c.Name, c.UnavailableFeatures.Count == 0 ? "yes" : "no", "unknown", c.Deprecated)).ToList(),
            },
            MemoryBacking = new CapabilityGroup(true, [new CapabilityEnum("sourceType", ["file", "anonymous", "memfd"])]),
            Devices =
            [
                new NamedCapability("disk", true,
                [
                    new CapabilityEnum("diskDevice", ["disk", "cdrom", "floppy"]),
                    new CapabilityEnum("bus", Present(caps, ("ide", "ide-hd"), ("fdc", "floppy"), ("scsi", "scsi-hd"), ("virtio", "virtio-blk-pci"), ("usb", "usb-storage"), ("sata", "ich9-ahci"))),
                    new CapabilityEnum("model", ["virtio"]),
                ]),
                new NamedCapability("graphics", true, [new CapabilityEnum("type", ["vnc", "spice"])]),
                new NamedCapability("video", true, [new CapabilityEnum("modelType",
                    Present(caps, ("vga", "VGA"), ("cirrus", "cirrus-vga"), ("virtio", "virtio-vga"), ("none", "VGA"), ("bochs", "bochs-display"), ("ramfb", "ramfb"), ("qxl", "qxl-vga")))]),
                new NamedCapability("hostdev", false),
                new NamedCapability("rng", true,
                [
                    new CapabilityEnum("model", ["virtio"]),
                    new CapabilityEnum("backendModel", Present(caps, ("random", "rng-random"), ("egd", "rng-egd"))),
                ]),
                new NamedCapability("filesystem", caps.HasDevice("virtio-9p-pci"), [new CapabilityEnum("driverType", ["path"])]),
                new NamedCapability("tpm", false),
                new NamedCapability("redirdev", false),
                new NamedCapability("channel", true, [new CapabilityEnum("type", ["pty", "unix"])]),
            ],
            Features =
            [
                new NamedCapability("gic", false),
                new NamedCapability("vmcoreinfo", caps.HasDevice("vmcoreinfo")),
                new NamedCapability("genid", caps.HasDevice("vmgenid")),
                new NamedCapability("backingStoreInput", true),
                new NamedCapability("backup", false),
                new NamedCapability("sev", false),
            ],
        };
    }

    private static IReadOnlyList<string> Present(QemuEmulatorCaps caps, params (string Value, string QomType)[] values) =>
        values.Where(v => caps.HasDevice(v.QomType)).Select(v => v.Value).ToList();
}
