using System.Security;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>A device given to attach, detach or update: one of the kinds Vireo hot-plugs.</summary>
internal abstract record DeviceSpec
{
    /// <summary>"disk 'vdb'" or "interface 52:54:00:..", for messages.</summary>
    public abstract string Describe();
}

internal sealed record DiskSpec(DiskDef Disk) : DeviceSpec
{
    public override string Describe() => $"disk '{Disk.Target.Dev}'";
}

internal sealed record InterfaceSpec(InterfaceDef Nic) : DeviceSpec
{
    public override string Describe() => Nic.Mac is { } mac ? $"interface {mac}" : "interface";
}

/// <summary>A display given to update-device, with libvirt's connected attribute (what happens to its clients), which only that call reads.</summary>
internal sealed record GraphicsSpec(GraphicsDef Graphics, string? Connected) : DeviceSpec
{
    public override string Describe() => $"{Graphics.Type.ToString().ToUpperInvariant()} display";
}

/// <summary>
/// Device XML (what virsh attach-disk, attach-interface and attach-device send) to a device record,
/// through the domain XML parser so the same rules and messages apply: the element is parsed as the
/// only device of a minimal domain named after the target domain. Pure.
/// </summary>
internal static class DeviceXml
{
    public static DeviceSpec Parse(string xml, string domainName)
    {
        var root = Network.SafeXml.Load(xml, message => VirErrors.Xml($"the device XML for domain '{domainName}' is not well-formed: {message}"));
        if (root.Name.LocalName is not ("disk" or "interface" or "graphics") || root.Name.Namespace != XNamespace.None)
            throw VirErrors.Unsupported(
                $"Vireo cannot attach, detach or update a <{root.Name.LocalName}> device of domain '{domainName}'; it handles <disk> and <interface>, and updates the password of a <graphics>",
                VirErrorDomain.Qemu);
        // connected='keep|disconnect|fail' belongs to the password change, not to the definition: taken off before parsing.
        var connected = (string?)root.Attribute("connected");
        root.Attribute("connected")?.Remove();

        var wrapper = $"<domain type='qemu'><name>{SecurityElement.Escape(domainName)}</name><os><type>hvm</type></os><devices>{root.ToString(SaveOptions.DisableFormatting)}</devices></domain>";
        var devices = DomainXml.Parse(wrapper).Devices;
        return root.Name.LocalName switch
        {
            "disk" => new DiskSpec(devices.Disks[0]),
            "interface" => new InterfaceSpec(devices.Interfaces[0]),
            _ => new GraphicsSpec(devices.Graphics[0], connected),
        };
    }

    /// <summary>An interface without a MAC gets a new one that neither definition uses (libvirt assigns it at attach time).</summary>
    public static DeviceSpec WithDefaults(DeviceSpec spec, IEnumerable<DomainDef?> defs, Func<MacAddress> newMac)
    {
        if (spec is not InterfaceSpec { Nic.Mac: null } n) return spec;
        var used = defs.Where(d => d is not null).SelectMany(d => d!.Devices.Interfaces).Select(i => i.Mac).OfType<MacAddress>().ToHashSet();
        MacAddress mac;
        do mac = newMac();
        while (!used.Add(mac));
        return new InterfaceSpec(n.Nic with { Mac = mac });
    }
}
