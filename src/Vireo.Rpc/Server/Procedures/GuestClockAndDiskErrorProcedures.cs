using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh domtime (the guest's clock, through its agent) and virsh domblkerror (disks whose I/O failed).
/// Reading the time is refused on read-only connections too, as libvirt does since it talks to the
/// guest (CVE-2019-3886); setting it takes the domain's job in the driver.
/// </summary>
public static class GuestClockAndDiskErrorProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetTime, static async (CallContext c, DomainFlagsArgs a) =>
        {
            var t = await c.Driver.Domains.GuestTimeAsync(a.Dom.Uuid, a.Flags, c.Cancellation).ConfigureAwait(false);
            return new DomainGetTimeRet(t.Seconds, t.Nanoseconds);
        }, ProcedureOptions.Write("virDomainGetTime"));

        d.Register(RemoteProcedure.DomainSetTime, static async (CallContext c, DomainSetTimeArgs a) =>
        {
            await c.Driver.Lifecycle.SetGuestTimeAsync(a.Dom.Uuid, new GuestTime(a.Seconds, a.NSeconds), (SetTimeFlags)a.Flags, c.Cancellation)
                .ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetTime"));

        d.Register(RemoteProcedure.DomainGetDiskErrors, static async (CallContext c, DomainUIntFlagsArgs a) =>
        {
            if (a.Value > XdrLimits.DomainDiskErrorsMax) throw new VirException(VirErrorCode.Rpc, VirErrorDomain.Rpc, "maxerrors too large");
            c.CheckFlags(a.Flags, 0, "virDomainGetDiskErrors");
            var errors = await c.Driver.Domains.DiskErrorsAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            // maxerrors 0 asks how many to make room for; the caller then asks again with that many.
            if (a.Value == 0) return new DomainDiskErrorsRet([], errors.Count);
            var kept = errors.Take((int)a.Value).Select(e => (e.Disk, (int)e.Error)).ToArray();
            return new DomainDiskErrorsRet(kept, kept.Length);
        });
    }
}
