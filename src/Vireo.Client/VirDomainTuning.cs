using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// Typed-parameter tuning of a domain (virsh schedinfo, memtune, blkiotune, numatune). Parameter names and
/// types are libvirt's (<see cref="TuningParams"/>, <see cref="NumaParams"/>). Gets use libvirt's two
/// calls (first the count, then the list) and accept string parameters (VIR_TYPED_PARAM_STRING_OKAY).
/// </summary>
public static class VirDomainTuning
{
    private const uint StringOkay = 4;

    /// <summary>The scheduler's name ("posix") and how many parameters it has.</summary>
    public static async Task<(string Type, int ParamCount)> GetSchedulerTypeAsync(this VirDomain d, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainArgs, SchedulerTypeRet>(RemoteProcedure.DomainGetSchedulerType, new DomainArgs(d.Ref), ct).ConfigureAwait(false);
        return (r.Type, r.NParams);
    }

    public static async Task<IReadOnlyList<TypedParameter>> GetSchedulerParametersAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var (_, n) = await d.GetSchedulerTypeAsync(ct).ConfigureAwait(false);
        return (await d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, TypedParamsRet>(RemoteProcedure.DomainGetSchedulerParametersFlags,
            new DomainIntFlagsArgs(d.Ref, n, (uint)flags | StringOkay), ct).ConfigureAwait(false)).Params;
    }

    public static Task SetSchedulerParametersAsync(this VirDomain d, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetSchedulerParametersFlags, new DomainSetParamsFlagsArgs(d.Ref, parameters, (uint)flags), ct);

    /// <summary>hard_limit, soft_limit, swap_hard_limit in KiB (<see cref="TuningParams.MemoryUnlimited"/>: none).</summary>
    public static Task<IReadOnlyList<TypedParameter>> GetMemoryParametersAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        TwoPhaseAsync(d, RemoteProcedure.DomainGetMemoryParameters, flags, ct);

    public static Task SetMemoryParametersAsync(this VirDomain d, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetMemoryParameters, new DomainSetParamsFlagsArgs(d.Ref, parameters, (uint)flags), ct);

    /// <summary>weight and the per-device lists ("/dev/sda,500").</summary>
    public static Task<IReadOnlyList<TypedParameter>> GetBlkioParametersAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        TwoPhaseAsync(d, RemoteProcedure.DomainGetBlkioParameters, flags, ct);

    public static Task SetBlkioParametersAsync(this VirDomain d, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetBlkioParameters, new DomainSetParamsFlagsArgs(d.Ref, parameters, (uint)flags), ct);

    /// <summary>numa_mode (INT) and numa_nodeset (STRING).</summary>
    public static Task<IReadOnlyList<TypedParameter>> GetNumaParametersAsync(this VirDomain d, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        TwoPhaseAsync(d, RemoteProcedure.DomainGetNumaParameters, flags, ct);

    public static Task SetNumaParametersAsync(this VirDomain d, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetNumaParameters, new DomainSetParamsFlagsArgs(d.Ref, parameters, (uint)flags), ct);

    private static async Task<IReadOnlyList<TypedParameter>> TwoPhaseAsync(VirDomain d, RemoteProcedure proc, ModifyFlags flags, CancellationToken ct)
    {
        var count = await d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, TypedParamsCountRet>(proc, new DomainIntFlagsArgs(d.Ref, 0, (uint)flags | StringOkay), ct).ConfigureAwait(false);
        if (count.NParams == 0) return [];
        return (await d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, TypedParamsCountRet>(proc, new DomainIntFlagsArgs(d.Ref, count.NParams, (uint)flags | StringOkay), ct)
            .ConfigureAwait(false)).Params;
    }
}
