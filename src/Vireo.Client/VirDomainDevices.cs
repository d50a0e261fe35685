using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// Device changes of a domain (virDomainAttachDevice[Flags], virDomainDetachDevice[Flags],
/// virDomainDetachDeviceAlias, virDomainUpdateDeviceFlags): the device as libvirt device XML.
/// </summary>
public static class VirDomainDevices
{
    /// <summary>
    /// Attaches a device. <paramref name="flags"/> null uses libvirt's flag-less call (DOMAIN_ATTACH_DEVICE,
    /// which means the running guest), as virsh does when no --live/--config/--current is given.
    /// </summary>
    public static Task AttachDeviceAsync(this VirDomain d, string xml, DeviceModifyFlags? flags, CancellationToken ct = default) =>
        flags is { } f
            ? d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainAttachDeviceFlags, new DomainStringFlagsArgs(d.Ref, xml, (uint)f), ct)
            : d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainAttachDevice, new DomainStringArgs(d.Ref, xml), ct);

    /// <summary>Detaches the device the XML names (a disk by target, an interface by MAC); null flags as for attach.</summary>
    public static Task DetachDeviceAsync(this VirDomain d, string xml, DeviceModifyFlags? flags, CancellationToken ct = default) =>
        flags is { } f
            ? d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainDetachDeviceFlags, new DomainStringFlagsArgs(d.Ref, xml, (uint)f), ct)
            : d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainDetachDevice, new DomainStringArgs(d.Ref, xml), ct);

    /// <summary>
    /// Detaches the device with this alias (virDomainDetachDeviceAlias: virtio-disk0, net0, ua-NAME, ...). A live
    /// detach only sends the request; the device is gone when DEVICE_REMOVED names the alias.
    /// </summary>
    public static Task DetachDeviceAliasAsync(this VirDomain d, string alias, DeviceModifyFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainDetachDeviceAlias, new DomainStringFlagsArgs(d.Ref, alias, (uint)flags), ct);

    public static Task UpdateDeviceAsync(this VirDomain d, string xml, DeviceModifyFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainUpdateDeviceFlags, new DomainStringFlagsArgs(d.Ref, xml, (uint)flags), ct);
}
