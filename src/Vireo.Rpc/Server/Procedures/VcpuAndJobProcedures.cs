using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// setvcpus and setvcpu over the driver's <see cref="IDomainVcpus"/> (setvcpus --guest over its
/// <see cref="IDomainGuestVcpus"/>), and domjobinfo (DOMAIN_GET_JOB_STATS, which virsh
/// asks first, and the older DOMAIN_GET_JOB_INFO) over <see cref="IDomainQueries.JobInfo"/>. The argument
/// checks libvirt makes in its client library are repeated here for clients that speak the protocol directly.
/// With VIR_DOMAIN_JOB_STATS_COMPLETED it answers <see cref="IDomainQueries.CompletedJob"/>.
/// </summary>
public static class VcpuAndJobProcedures
{
    private const uint VcpuFlagsKnown = (uint)(VcpuModFlags.Live | VcpuModFlags.Config | VcpuModFlags.Maximum | VcpuModFlags.Guest | VcpuModFlags.Hotpluggable);

    /// <summary>VIR_DOMAIN_JOB_STATS_COMPLETED and VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED.</summary>
    private const uint JobStatsCompleted = 1, JobStatsKeepCompleted = 2;

    public static void Register(RpcDispatcher d)
    {
        // virDomainSetVcpus: the running guest (libvirt's drivers call their flags variant with AFFECT_LIVE).
        d.Register(RemoteProcedure.DomainSetVcpus, static async (CallContext c, DomainUIntArgs a) =>
        {
            await SetAsync(c, a.Dom.Uuid, a.Value, (uint)VcpuModFlags.Live, "virDomainSetVcpus").ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetVcpus"));
        d.Register(RemoteProcedure.DomainSetVcpusFlags, static async (CallContext c, DomainUIntFlagsArgs a) =>
        {
            await SetAsync(c, a.Dom.Uuid, a.Value, a.Flags, "virDomainSetVcpusFlags").ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetVcpusFlags"));

        d.Register(RemoteProcedure.DomainSetVcpu, static async (CallContext c, DomainSetVcpuStateArgs a) =>
        {
            await c.Feature<IDomainVcpus>("virDomainSetVcpu").SetVcpuAsync(a.Dom.Uuid, a.CpuMap, a.State, (ModifyFlags)a.Flags, c.Cancellation).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write("virDomainSetVcpu"));

        d.Register(RemoteProcedure.DomainGetJobInfo, static async (CallContext c, DomainArgs a) =>
        {
            var job = await c.Driver.Domains.JobInfoAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return DomainGetJobInfoRet.From(job);
        });
        d.Register(RemoteProcedure.DomainGetJobStats, static async (CallContext c, DomainFlagsArgs a) =>
        {
            c.CheckFlags(a.Flags, JobStatsCompleted | JobStatsKeepCompleted, "virDomainGetJobStats");
            if ((a.Flags & JobStatsKeepCompleted) != 0 && (a.Flags & JobStatsCompleted) == 0)
                throw VirErrors.InvalidArgSentence("Flag 'VIR_DOMAIN_JOB_STATS_COMPLETED' is required by flag 'VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED'");
            // The last finished long job's statistics, whatever the domain's state now; "None" when it has none.
            if ((a.Flags & JobStatsCompleted) != 0)
                return c.Driver.Domains.CompletedJob(a.Dom.Uuid, (a.Flags & JobStatsKeepCompleted) != 0) is { } done
                    ? new DomainGetJobStatsRet((int)done.Type, done.ToParams())
                    : new DomainGetJobStatsRet((int)DomainJobType.None, []);
            var job = await c.Driver.Domains.JobInfoAsync(a.Dom.Uuid, c.Cancellation).ConfigureAwait(false);
            return new DomainGetJobStatsRet((int)job.Type, JobStatsParams.Of(job));
        });
    }

    private static async Task SetAsync(CallContext c, Guid uuid, uint count, uint flags, string api)
    {
        // libvirt's client library checks these two before the call leaves it; the driver checks the flags.
        var f = (VcpuModFlags)flags;
        if (f.HasFlag(VcpuModFlags.Maximum) && !f.HasFlag(VcpuModFlags.Config))
            throw VirErrors.InvalidArgSentence("Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        if (f.HasFlag(VcpuModFlags.Guest) && f.HasFlag(VcpuModFlags.Config))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_VCPU_GUEST' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        if (count == 0) throw VirErrors.InvalidArg($"nvcpus in {api} must not be zero");
        VirErrors.CheckFlags(flags, VcpuFlagsKnown, "qemuDomainSetVcpusFlags");
        // --guest: the guest's agent onlines or offlines CPUs; otherwise the hypervisor plugs them.
        if (f.HasFlag(VcpuModFlags.Guest))
            await c.Feature<IDomainGuestVcpus>(api).SetCountAsync(uuid, count, f, c.Cancellation).ConfigureAwait(false);
        else
            await c.Feature<IDomainVcpus>(api).SetVcpusAsync(uuid, count, f, c.Cancellation).ConfigureAwait(false);
    }
}
