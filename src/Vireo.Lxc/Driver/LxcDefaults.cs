using System.Security.Cryptography;
using Vireo.Core.Domain;

namespace Vireo.Lxc.Driver;

/// <summary>What libvirt fills in when a container is defined: a UUID and a MAC for every interface.</summary>
internal static class LxcDefaults
{
    public static DomainDef Apply(DomainDef def, Guid? existingUuid)
    {
        var uuid = def.Uuid != Guid.Empty ? def.Uuid : existingUuid ?? Guid.NewGuid();
        var nics = def.Devices.Interfaces.Select(n => n.Mac is null ? n with { Mac = NewMac() } : n).ToList();
        return def with { Uuid = uuid, Devices = def.Devices with { Interfaces = nics } };
    }

    /// <summary>52:54:00 (libvirt's prefix) plus three random bytes.</summary>
    private static MacAddress NewMac()
    {
        Span<byte> mac = stackalloc byte[6];
        MacAddress.QemuPrefix.CopyTo(mac);
        RandomNumberGenerator.Fill(mac[3..]);
        return new MacAddress(mac);
    }
}
