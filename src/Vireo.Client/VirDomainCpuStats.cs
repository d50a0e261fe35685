using Vireo.Core.Params;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>virsh cpu-stats: DOMAIN_GET_CPU_STATS with libvirt's calling conventions.</summary>
public static class VirDomainCpuStats
{
    /// <summary>The totals (cpu_time, user_time, system_time) in nanoseconds.</summary>
    public static async Task<IReadOnlyList<TypedParameter>> GetCpuTotalsAsync(this VirDomain d, CancellationToken ct = default)
    {
        var n = await CallAsync(d, 0, -1, 1, ct).ConfigureAwait(false);
        return (await CallAsync(d, (uint)n.NParams, -1, 1, ct).ConfigureAwait(false)).Params;
    }

    /// <summary>How many host CPUs the per-CPU statistics cover.</summary>
    public static async Task<int> GetCpuCountAsync(this VirDomain d, CancellationToken ct = default) =>
        (await CallAsync(d, 0, 0, 0, ct).ConfigureAwait(false)).NParams;

    /// <summary>Each host CPU's statistics from <paramref name="start"/>, at most <paramref name="count"/> CPUs (128 per call).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<TypedParameter>>> GetCpuStatsAsync(this VirDomain d, int start, int count, CancellationToken ct = default)
    {
        var perCpu = (await CallAsync(d, 0, start, 1, ct).ConfigureAwait(false)).NParams;
        var result = new List<IReadOnlyList<TypedParameter>>();
        while (count > 0)
        {
            var n = Math.Min(count, DomainGetCpuStatsRet.NCpusMax);
            var r = await CallAsync(d, (uint)perCpu, start, (uint)n, ct).ConfigureAwait(false);
            if (r.NParams == 0) break;
            result.AddRange(r.Params.Chunk(r.NParams));
            start += n;
            count -= n;
        }
        return result;
    }

    private static Task<DomainGetCpuStatsRet> CallAsync(VirDomain d, uint nparams, int start, uint ncpus, CancellationToken ct) =>
        d.Connection.Rpc.CallAsync<DomainGetCpuStatsArgs, DomainGetCpuStatsRet>(RemoteProcedure.DomainGetCpuStats,
            new DomainGetCpuStatsArgs(d.Ref, nparams, start, ncpus, 0), ct);
}
