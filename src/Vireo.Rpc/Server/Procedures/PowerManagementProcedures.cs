using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh dompmsuspend (DOMAIN_PM_SUSPEND_FOR_DURATION 261) and dompmwakeup (DOMAIN_PM_WAKEUP 267) over the driver's
/// <see cref="IDomainPowerManagement"/>, both writes; neither takes a flag in libvirt 9.0.
/// </summary>
public static class PowerManagementProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainPmSuspendForDuration, static async (CallContext c, DomainPmSuspendForDurationArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainPMSuspendForDuration");
            await c.Feature<IDomainPowerManagement>("virDomainPMSuspendForDuration")
                .PmSuspendAsync(a.Dom.Uuid, (PmSuspendTarget)a.Target, a.Duration, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPMSuspendForDuration"));
        d.Register(RemoteProcedure.DomainPmWakeup, static async (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, 0, "virDomainPMWakeup");
            await c.Feature<IDomainPowerManagement>("virDomainPMWakeup").PmWakeupAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainPMWakeup"));
    }
}
