using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh guestvcpus (DOMAIN_GET_GUEST_VCPUS, DOMAIN_SET_GUEST_VCPUS) and vcpucount --guest over the driver's
/// <see cref="IDomainGuestVcpus"/>. Both guestvcpus calls are refused on read-only connections, as libvirtd 9.0
/// refuses whatever talks to the guest's agent; so is a vCPU count asked of the agent.
/// </summary>
public static class GuestVcpuProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainGetGuestVcpus, static async (CallContext c, DomainFlagsArgs a) =>
        {
            var s = await c.Feature<IDomainGuestVcpus>("virDomainGetGuestVcpus").GetAsync(a.Dom.Uuid, a.Flags, c.Cancellation).ConfigureAwait(false);
            return new DomainGetGuestVcpusRet([
                TypedParameter.String("vcpus", LibvirtBitmap.Format(s.Vcpus)),
                TypedParameter.String("online", LibvirtBitmap.Format(s.Online)),
                TypedParameter.String("offlinable", LibvirtBitmap.Format(s.Offlinable)),
            ]);
        }, ProcedureOptions.Write("virDomainGetGuestVcpus"));

        d.Register(RemoteProcedure.DomainSetGuestVcpus, static async (CallContext c, DomainSetVcpuStateArgs a) =>
        {
            await c.Feature<IDomainGuestVcpus>("virDomainSetGuestVcpus").SetAsync(a.Dom.Uuid, a.CpuMap, a.State, a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetGuestVcpus"));
    }

    /// <summary>
    /// DOMAIN_GET_VCPUS_FLAGS: libvirt's client-library checks first (repeated for clients that speak the
    /// protocol directly), then the definitions' counts, or with VIR_DOMAIN_VCPU_GUEST the agent's.
    /// </summary>
    public static async ValueTask<int> VcpuCountAsync(CallContext c, DomainFlagsArgs a)
    {
        var flags = (VcpuModFlags)a.Flags;
        if (flags.HasFlag(VcpuModFlags.Guest) && c.Connection.IsReadOnly) throw RpcErrors.ReadOnly("virDomainGetVcpusFlags");
        if (flags.HasFlag(VcpuModFlags.Live) && flags.HasFlag(VcpuModFlags.Config))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        if (!flags.HasFlag(VcpuModFlags.Guest)) return c.Driver.Domains.VcpuCount(a.Dom.Uuid, a.Flags);
        return await c.Feature<IDomainGuestVcpus>("virDomainGetVcpusFlags").CountAsync(a.Dom.Uuid, flags, c.Cancellation).ConfigureAwait(false);
    }
}
