namespace Vireo.Drivers.Contracts;

/// <summary>
/// Adding, removing and changing devices of a domain (libvirt's virDomainAttachDeviceFlags,
/// virDomainDetachDeviceFlags, virDomainUpdateDeviceFlags; virsh attach-disk, attach-interface,
/// detach-*, domif-setlink). The device is given as libvirt device XML (&lt;disk&gt;, &lt;interface&gt;).
/// <see cref="DeviceModifyFlags.Live"/> changes the running guest (hot-plug: the guest sees the device
/// appear or go); <see cref="DeviceModifyFlags.Config"/> changes the saved definition; both may be
/// given. <see cref="DeviceModifyFlags.Current"/> means live when the domain runs, else config. Each
/// call takes the domain's job; a failed call leaves the guest and both definitions as they were.
/// </summary>
public interface IDomainDevices
{
    ValueTask AttachAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct);

    /// <summary>
    /// Removes the device the XML names (a disk by its target, an interface by its MAC). A live removal
    /// asks the guest to release the device and waits for it (libvirt's DEVICE_DELETED); if the guest is
    /// slow, the call returns once the request is made and the removal completes when the guest answers.
    /// </summary>
    ValueTask DetachAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct);

    /// <summary>
    /// Removes the device with this alias (virDomainDetachDeviceAlias): from the saved definition (user aliases,
    /// ua-*, are the only ones it keeps) and/or from the running guest, where only the request is made, as in
    /// libvirt: the removal completes when the guest lets go, announced by DEVICE_REMOVED with the alias.
    /// </summary>
    ValueTask DetachAliasAsync(Guid uuid, string alias, DeviceModifyFlags flags, CancellationToken ct);

    /// <summary>Changes a device in place: for an interface, its link state (virsh domif-setlink).</summary>
    ValueTask UpdateAsync(Guid uuid, string deviceXml, DeviceModifyFlags flags, CancellationToken ct);
}

/// <summary>virDomainDeviceModifyFlags (values as libvirt's, so the RPC layer passes them through).</summary>
[Flags]
public enum DeviceModifyFlags : uint { Current = 0, Live = 1, Config = 2, Force = 4 }
