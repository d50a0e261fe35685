using Vireo.Core.Capabilities;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>
/// The checks of CONNECT_GET_DOMAIN_CAPABILITIES's arguments (type, arch, machine), each refused with a
/// sentence saying what this host offers; the document itself comes from <see cref="QemuCapsDocuments"/>.
/// </summary>
internal static class DomainCapabilitiesBuilder
{
    public static DomainCapabilities Build(QemuEmulatorCaps caps, bool kvmUsable, string kvmReason, string? arch, string? machine, string? virtType)
    {
        var type = virtType ?? (kvmUsable && caps.HasAccelerator("kvm") ? "kvm" : "qemu");
        if (type is not ("qemu" or "kvm"))
            throw VirErrors.InvalidArg($"virttype '{type}' is not supported by the QEMU driver; use 'qemu' or 'kvm'");
        if (type == "kvm" && !(kvmUsable && caps.HasAccelerator("kvm")))
            throw VirErrors.Unsupported($"domain type 'kvm' cannot run here. {kvmReason}", VirErrorDomain.Qemu);
        if (arch is not null && arch != caps.Arch)
            throw VirErrors.Unsupported($"the emulator {caps.EmulatorPath} runs architecture '{caps.Arch}', not '{arch}'", VirErrorDomain.Qemu);
        if (machine is not null && caps.FindMachine(machine) is null)
            throw VirErrors.Unsupported(
                $"the emulator {caps.EmulatorPath} does not support machine type '{machine}'; it supports: {string.Join(", ", caps.MachineNamesForDisplay())}",
                VirErrorDomain.Qemu);
        return QemuCapsDocuments.Domain(caps, type, machine, kvmUsable);
    }
}
