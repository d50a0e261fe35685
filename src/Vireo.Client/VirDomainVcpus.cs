using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>setvcpus and domjobinfo.</summary>
public static class VirDomainVcpus
{
    /// <summary>DOMAIN_SET_VCPUS_FLAGS.</summary>
    public static Task SetVcpusAsync(this VirDomain d, uint count, VcpuModFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetVcpusFlags, new DomainUIntFlagsArgs(d.Ref, count, (uint)flags), ct);

    /// <summary>DOMAIN_SET_VCPUS: the running guest (virsh setvcpus without options).</summary>
    public static Task SetVcpusLiveAsync(this VirDomain d, uint count, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetVcpus, new DomainUIntArgs(d.Ref, count), ct);

    /// <summary>DOMAIN_GET_JOB_STATS: the job type and its statistics (flags: 1 = the last completed job).</summary>
    public static async Task<(DomainJobType Type, IReadOnlyList<TypedParameter> Stats)> GetJobStatsAsync(this VirDomain d, uint flags = 0, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetJobStatsRet>(RemoteProcedure.DomainGetJobStats, new DomainFlagsArgs(d.Ref, flags), ct).ConfigureAwait(false);
        return ((DomainJobType)r.Type, r.Params);
    }

    /// <summary>DOMAIN_GET_JOB_INFO: the older fixed record.</summary>
    public static async Task<DomainJobInfo> GetJobInfoAsync(this VirDomain d, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainArgs, DomainGetJobInfoRet>(RemoteProcedure.DomainGetJobInfo, new DomainArgs(d.Ref), ct).ConfigureAwait(false);
        return new DomainJobInfo((DomainJobType)r.Type, r.TimeElapsed, r.TimeRemaining);
    }
}
