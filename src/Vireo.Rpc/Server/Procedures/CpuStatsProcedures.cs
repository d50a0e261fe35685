using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// virsh cpu-stats (DOMAIN_GET_CPU_STATS 262) over the driver's <see cref="IDomainCpuStats"/>, answered the way
/// libvirtd answers virDomainGetCPUStats's calling conventions: start_cpu -1 asks for the totals (cpu_time,
/// user_time, system_time); ncpus 0 asks for the number of host CPUs; nparams 0 for the number of values per
/// CPU; otherwise each CPU from start_cpu gets its values (cpu_time, and vcpu_time where the domain has vCPU
/// threads), CPU after CPU, CPUs past the last one left out. Allowed on read-only connections, as in libvirtd.
/// </summary>
public static class CpuStatsProcedures
{
    private const uint TypedParamStringOkay = 4;

    public static void Register(RpcDispatcher d) =>
        d.RegisterSync(RemoteProcedure.DomainGetCpuStats, static (CallContext c, DomainGetCpuStatsArgs a) =>
            Reply(a, () => c.Feature<IDomainCpuStats>("virDomainGetCPUStats").CpuStats(a.Dom.Uuid), c.DriverFunction("virDomainGetCPUStats"), c.Driver.ErrorDomain));

    /// <summary>The reply to one call; the counters are read for every call, as the domain must be running for any of them.</summary>
    public static DomainGetCpuStatsRet Reply(DomainGetCpuStatsArgs a, Func<DomainCpuStats> read, string function, VirErrorDomain from)
    {
        CheckArguments(a);
        // VIR_TYPED_PARAM_STRING_OKAY (4): libvirt's client library adds it to every call; no other flag exists.
        VirErrors.CheckFlags(a.Flags, TypedParamStringOkay, function, from);
        var stats = read();
        if (a.StartCpu == -1)
        {
            TypedParameter[] totals =
            [
                TypedParameter.ULLong("cpu_time", stats.CpuTime),
                TypedParameter.ULLong("user_time", stats.UserTime),
                TypedParameter.ULLong("system_time", stats.SystemTime),
            ];
            if (a.NParams == 0) return new DomainGetCpuStatsRet([], totals.Length);
            var given = totals.Take((int)Math.Min(a.NParams, (uint)totals.Length)).ToArray();
            return new DomainGetCpuStatsRet(given, given.Length);
        }

        var perCpu = stats.CpuTimePerCpu ?? throw VirErrors.OperationUnsupported(
            "cannot report CPU time per host CPU: the host's cgroup v2 hierarchy keeps none (use --total)", from);
        var hostCpus = perCpu.Count;
        if (a.NCpus == 0) return new DomainGetCpuStatsRet([], hostCpus);
        var perCpuParams = stats.VcpuTimePerCpu is null ? 1 : 2;
        if (a.NParams == 0) return new DomainGetCpuStatsRet([], perCpuParams);
        if (a.StartCpu >= hostCpus)
            throw VirErrors.InvalidArg($"start_cpu {a.StartCpu} larger than maximum of {hostCpus - 1}", from);

        var n = (int)Math.Min(a.NParams, (uint)perCpuParams);
        var list = new List<TypedParameter>();
        for (var cpu = a.StartCpu; cpu < Math.Min(hostCpus, a.StartCpu + (long)a.NCpus); cpu++)
        {
            list.Add(TypedParameter.ULLong("cpu_time", perCpu[cpu]));
            if (n > 1) list.Add(TypedParameter.ULLong("vcpu_time", cpu < stats.VcpuTimePerCpu!.Count ? stats.VcpuTimePerCpu[cpu] : 0));
        }
        return new DomainGetCpuStatsRet(list, n);
    }

    /// <summary>libvirt's client library and libvirtd's dispatcher check these before the driver runs.</summary>
    private static void CheckArguments(DomainGetCpuStatsArgs a)
    {
        if (a.StartCpu == -1 && a.NCpus != 1)
            throw VirErrors.InvalidArg("ncpus in virDomainGetCPUStats must be 1 when start_cpu is -1");
        if (a.StartCpu < -1) throw VirErrors.InvalidArg("start_cpu in virDomainGetCPUStats must be greater than or equal to 0");
        if (a.NParams > 16) throw VirErrors.InvalidArg("nparams too large");
        if (a.NCpus > DomainGetCpuStatsRet.NCpusMax) throw VirErrors.InvalidArg("ncpus too large");
        if ((ulong)a.NParams * a.NCpus > DomainGetCpuStatsRet.CpuStatsMax) throw VirErrors.InvalidArg("nparams * ncpus too large");
    }
}
