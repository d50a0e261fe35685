using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// Device hot-plug and definition edits (virsh attach-disk, attach-interface, attach-device, detach-*,
/// update-device, domif-setlink, detach-device-alias) over the driver's <see cref="IDomainDevices"/>. The flag-less forms are
/// libvirt's older calls, which mean "the running guest" (VIR_DOMAIN_AFFECT_LIVE).
/// </summary>
public static class DeviceProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainAttachDevice, static async (CallContext c, DomainStringArgs a) =>
        {
            await Devices(c, "virDomainAttachDevice").AttachAsync(a.Dom.Uuid, a.Text, DeviceModifyFlags.Live, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainAttachDevice"));
        d.Register(RemoteProcedure.DomainAttachDeviceFlags, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            await Devices(c, "virDomainAttachDeviceFlags").AttachAsync(a.Dom.Uuid, a.Text, (DeviceModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainAttachDeviceFlags"));
        d.Register(RemoteProcedure.DomainDetachDevice, static async (CallContext c, DomainStringArgs a) =>
        {
            await Devices(c, "virDomainDetachDevice").DetachAsync(a.Dom.Uuid, a.Text, DeviceModifyFlags.Live, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainDetachDevice"));
        d.Register(RemoteProcedure.DomainDetachDeviceFlags, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            await Devices(c, "virDomainDetachDeviceFlags").DetachAsync(a.Dom.Uuid, a.Text, (DeviceModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainDetachDeviceFlags"));
        d.Register(RemoteProcedure.DomainDetachDeviceAlias, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            var devices = Devices(c, "virDomainDetachDeviceAlias");
            c.CheckFlags(a.Flags, (uint)(DeviceModifyFlags.Live | DeviceModifyFlags.Config), "virDomainDetachDeviceAlias");
            await devices.DetachAliasAsync(a.Dom.Uuid, a.Text, (DeviceModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainDetachDeviceAlias"));
        d.Register(RemoteProcedure.DomainUpdateDeviceFlags, static async (CallContext c, DomainStringFlagsArgs a) =>
        {
            await Devices(c, "virDomainUpdateDeviceFlags").UpdateAsync(a.Dom.Uuid, a.Text, (DeviceModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainUpdateDeviceFlags"));
    }

    private static IDomainDevices Devices(CallContext c, string api) => c.Feature<IDomainDevices>(api);
}
