using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh domifaddr, domfsinfo, guestinfo, domfsfreeze, domfsthaw and set-user-password over the driver's
/// <see cref="IDomainGuestAgent"/>. Read-only connections are refused whatever talks to the guest's agent,
/// as libvirtd 9.0 refuses it (CVE-2019-3886): domifaddr only for --source agent (the lease and arp sources
/// read the host's own tables and are allowed).
/// </summary>
public static class GuestAgentProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainInterfaceAddresses, static async (CallContext c, DomainInterfaceAddressesArgs a) =>
        {
            if (a.Source == (uint)InterfaceAddressSource.Agent && c.Connection.IsReadOnly)
                throw RpcErrors.ReadOnly("virDomainInterfaceAddresses");
            var ifaces = await Agent(c, "virDomainInterfaceAddresses")
                .InterfaceAddressesAsync(a.Dom.Uuid, (InterfaceAddressSource)a.Source, a.Flags, c.Cancellation).ConfigureAwait(false);
            if (ifaces.Count > GuestAgentLimits.InterfaceMax)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc,
                    $"Number of interfaces, {ifaces.Count} exceeds the max limit: {GuestAgentLimits.InterfaceMax}");
            return new DomainInterfaceAddressesRet(ifaces.Select(i => new DomainInterfaceWire(i.Name, i.HardwareAddress,
                i.Addresses.Select(x => new DomainIpAddr((int)x.Type, x.Address, x.Prefix)).ToList())).ToList());
        });

        d.Register(RemoteProcedure.DomainGetFsinfo, static async (CallContext c, DomainFlagsArgs a) =>
        {
            var fss = await Agent(c, "virDomainGetFSInfo").FsInfoAsync(a.Dom.Uuid, a.Flags, c.Cancellation).ConfigureAwait(false);
            var wire = fss.Take(GuestAgentLimits.FsInfoMax)
                .Select(f => new DomainFsInfoWire(f.MountPoint, f.Name, f.FsType, f.DiskTargets)).ToList();
            return new DomainGetFsInfoRet(wire, (uint)wire.Count);
        }, ProcedureOptions.Write("virDomainGetFSInfo"));

        d.Register(RemoteProcedure.DomainGetGuestInfo, static async (CallContext c, DomainGetGuestInfoArgs a) =>
            new DomainGetGuestInfoRet(await Agent(c, "virDomainGetGuestInfo")
                .GuestInfoAsync(a.Dom.Uuid, (GuestInfoTypes)a.Types, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainGetGuestInfo"));

        d.Register(RemoteProcedure.DomainFsFreeze, static async (CallContext c, DomainFsFreezeArgs a) =>
            new IntValue(await Agent(c, "virDomainFSFreeze").FsFreezeAsync(a.Dom.Uuid, a.MountPoints, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainFSFreeze"));

        d.Register(RemoteProcedure.DomainFsThaw, static async (CallContext c, DomainFsFreezeArgs a) =>
            new IntValue(await Agent(c, "virDomainFSThaw").FsThawAsync(a.Dom.Uuid, a.MountPoints, a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virDomainFSThaw"));

        d.Register(RemoteProcedure.DomainSetUserPassword, static async (CallContext c, DomainSetUserPasswordArgs a) =>
        {
            // libvirt's client refuses a NULL user or password before sending; a raw client gets the same words.
            if (a.User is null) throw VirErrors.NonNullArg("user", "virDomainSetUserPassword");
            if (a.Password is null) throw VirErrors.NonNullArg("password", "virDomainSetUserPassword");
            await Agent(c, "virDomainSetUserPassword").SetUserPasswordAsync(a.Dom.Uuid, a.User, a.Password, a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetUserPassword"));
    }

    private static IDomainGuestAgent Agent(CallContext c, string api) => c.Feature<IDomainGuestAgent>(api);
}
