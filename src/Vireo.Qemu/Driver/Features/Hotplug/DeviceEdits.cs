using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// Adding, finding, removing and changing a device in a definition, with libvirt's rules: disks are
/// told apart by their target (vda), interfaces by their MAC. Pure: the same edits serve the saved
/// definition and the live one, and are unit-tested.
/// </summary>
internal static class DeviceEdits
{
    public static DomainDef Add(DomainDef def, DeviceSpec spec) => spec switch
    {
        DiskSpec d => FindDisk(def, d.Disk.Target.Dev) is null
            ? def with { Devices = def.Devices with { Disks = [.. def.Devices.Disks, d.Disk] } }
            : throw VirErrors.Invalid($"target '{d.Disk.Target.Dev}' already exists in domain '{def.Name}'; detach that disk first or choose another target", VirErrorDomain.Qemu),
        InterfaceSpec n => FindInterface(def, n.Nic.Mac!.Value) is null
            ? def with { Devices = def.Devices with { Interfaces = [.. def.Devices.Interfaces, n.Nic] } }
            : throw VirErrors.Invalid($"domain '{def.Name}' already has an interface with MAC address {n.Nic.Mac}", VirErrorDomain.Qemu),
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    /// <summary>The definition without the device the spec names; DeviceMissing when it has none.</summary>
    public static DomainDef Remove(DomainDef def, DeviceSpec spec) => spec switch
    {
        DiskSpec d => def with { Devices = def.Devices with { Disks = def.Devices.Disks.Where(x => x != RequireDisk(def, d.Disk.Target.Dev)).ToList() } },
        InterfaceSpec n => def with { Devices = def.Devices with { Interfaces = def.Devices.Interfaces.Where(x => x != RequireInterface(def, n)).ToList() } },
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    /// <summary>A device found by its alias: libvirt's name for its kind (virDomainDeviceType) and, for the kinds
    /// Vireo hot-plugs, what the attach/detach path takes.</summary>
    public sealed record AliasedDevice(string Kind, DeviceSpec? Spec, string? LiveRefusal = null)
    {
        /// <summary>Why a running guest keeps it: libvirt's sentence where libvirt refuses too, else its general one.</summary>
        public string Refusal => LiveRefusal ?? $"live detach of device '{Kind}' is not supported";
    }

    /// <summary>virDomainDefFindDevice: the device with this alias; libvirt's internal error when none has it.</summary>
    public static AliasedDevice RequireAlias(DomainDef def, string alias)
    {
        var d = def.Devices;
        bool Is(string? a) => a == alias;
        AliasedDevice? found =
            d.Disks.FirstOrDefault(x => Is(x.Alias)) is { } disk ? new("disk", new DiskSpec(disk))
            : d.Interfaces.FirstOrDefault(x => Is(x.Alias)) is { } nic ? new("interface", new InterfaceSpec(nic))
            : d.Controllers.FirstOrDefault(x => Is(x.Alias)) is { } c
                ? new("controller", null, c.Type == ControllerType.Pci ? "'pci' controller cannot be hot unplugged." : null)
            : d.Filesystems.Any(x => Is(x.Alias)) ? new("filesystem", null)
            : d.Serials.Any(x => Is(x.Alias)) || d.Consoles.Any(x => Is(x.Alias)) || d.Channels.Any(x => Is(x.Alias)) ? new("chr", null)
            : d.Inputs.FirstOrDefault(x => Is(x.Alias)) is { } input
                ? new("input", null, input.Bus is null or InputBus.Ps2 ? "input device on bus 'ps2' cannot be detached" : null)
            : d.Sounds.Any(x => Is(x.Alias)) ? new("sound", null)
            : d.Videos.Any(x => Is(x.Alias)) ? new("video", null)
            : d.Rngs.Any(x => Is(x.Alias)) ? new("rng", null)
            : d.Panics.Any(x => Is(x.Alias)) ? new("panic", null)
            : Is(d.Watchdog?.Alias) ? new("watchdog", null)
            : Is(d.MemBalloon?.Alias) ? new("memballoon", null)
            : null;
        return found ?? throw VirErrors.Internal($"no device found with alias {alias}", VirErrorDomain.Domain);
    }

    /// <summary>Replaces one interface (same MAC) by another.</summary>
    public static DomainDef Replace(DomainDef def, InterfaceDef old, InterfaceDef updated) =>
        def with { Devices = def.Devices with { Interfaces = def.Devices.Interfaces.Select(x => x == old ? updated : x).ToList() } };

    public static DiskDef? FindDisk(DomainDef def, string target) =>
        def.Devices.Disks.FirstOrDefault(d => d.Target.Dev == target);

    public static InterfaceDef? FindInterface(DomainDef def, MacAddress mac) =>
        def.Devices.Interfaces.FirstOrDefault(i => i.Mac == mac);

    public static DiskDef RequireDisk(DomainDef def, string target) =>
        FindDisk(def, target) ?? throw new VirException(VirErrorCode.DeviceMissing, VirErrorDomain.Qemu,
            $"domain '{def.Name}' has no disk with target '{target}'");

    /// <summary>The interface with the spec's MAC (a spec without one matches the only interface, as libvirt allows).</summary>
    public static InterfaceDef RequireInterface(DomainDef def, InterfaceSpec spec)
    {
        if (spec.Nic.Mac is { } mac)
            return FindInterface(def, mac) ?? throw new VirException(VirErrorCode.DeviceMissing, VirErrorDomain.Qemu,
                $"domain '{def.Name}' has no interface with MAC address {mac}");
        return def.Devices.Interfaces.Count switch
        {
            1 => def.Devices.Interfaces[0],
            0 => throw new VirException(VirErrorCode.DeviceMissing, VirErrorDomain.Qemu, $"domain '{def.Name}' has no interface"),
            _ => throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu,
                $"domain '{def.Name}' has {def.Devices.Interfaces.Count} interfaces; give the MAC address of the one meant"),
        };
    }

    /// <summary>
    /// The interface as update-device may change it: only its link state. The XML virsh sends back
    /// carries the runtime parts too (target, alias, address), which are ignored; anything else that
    /// differs is refused rather than silently dropped.
    /// </summary>
    public static InterfaceDef UpdateLink(DomainDef def, InterfaceDef current, InterfaceDef wanted)
    {
        string? Differs()
        {
            if (wanted.Type != current.Type) return "type";
            if (wanted.Source is { } s && s != current.Source) return "source";
            if (wanted.Model is { } m && m != (current.Model ?? m)) return "model";
            if (wanted.Driver is { } d && d != current.Driver) return "driver";
            if (wanted.Mtu is { } mtu && mtu != current.Mtu) return "mtu";
            if (wanted.Bandwidth is { } b && b != current.Bandwidth) return "bandwidth";
            return null;
        }
        if (Differs() is { } part)
            throw VirErrors.OperationUnsupported(
                $"cannot change the {part} of interface {current.Mac} of domain '{def.Name}' in place; only its link state can be updated (detach and attach it to change the rest)",
                VirErrorDomain.Qemu);
        return current with { Link = wanted.Link ?? LinkState.Up };
    }
}
