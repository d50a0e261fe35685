using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Lxc.Runtime;

namespace Vireo.Lxc.Driver;

/// <summary>
/// setmem, schedinfo, memtune and blkiotune for containers. A live change is written to the cgroup
/// first and only then recorded in the live definition, so a refused value changes nothing; a config
/// change rewrites the saved definition.
/// </summary>
internal sealed partial class LxcTuning : IDomainTuning
{
    private readonly LxcRuntime _rt;

    public LxcTuning(LxcRuntime runtime) => _rt = runtime;

    public async ValueTask SetMemoryAsync(Guid uuid, ulong kib, MemoryModFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "setmem", ct).ConfigureAwait(false);
        var (live, config) = Targets(dom, (ModifyFlags)((uint)flags & 3));
        var size = MemorySize.FromKiB(kib);
        if (flags.HasFlag(MemoryModFlags.Maximum))
        {
            if (live) throw Invalid("cannot resize the maximum memory of a running container");
            await ChangeAsync(dom, false, config, null, d => d with { Memory = size, CurrentMemory = d.CurrentMemory is { } c && c > size ? size : d.CurrentMemory }, ct).ConfigureAwait(false);
            return;
        }
        foreach (var def in Defs(dom, live, config))
            if (def.Memory is { } max && size > max)
                throw Invalid($"cannot set the memory of container '{dom.Name}' to {kib} KiB, above its maximum of {max.KiB} KiB");
        await ChangeAsync(dom, live, config,
            rc => CgroupLimits.Set(dom.Name, "the memory limit", () => rc.Cgroup.Controller.MemoryLimit = (long)size.Bytes),
            d => d with { CurrentMemory = size }, ct).ConfigureAwait(false);
    }

    public (string Type, int ParamCount) SchedulerType(Guid uuid)
    {
        _ = _rt.Get(uuid);
        return ("posix", 3);
    }

    public ValueTask<IReadOnlyList<TypedParameter>> GetSchedulerParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        var (live, _) = Targets(dom, flags);
        IReadOnlyList<TypedParameter> result;
        if (live)
        {
            var c = LxcRuntime.Running(dom).Cgroup.Controller;
            var bw = CgroupLimits.Get(dom.Name, "the CPU bandwidth", () => c.CpuBandwidth);
            result = [TypedParameter.ULLong(TuningParams.CpuShares, CgroupLimits.Get(dom.Name, "cpu shares", () => c.CpuShares)),
                TypedParameter.ULLong(TuningParams.VcpuPeriod, bw.PeriodUs), TypedParameter.LLong(TuningParams.VcpuQuota, bw.QuotaUs)];
        }
        else
        {
            var t = dom.Persistent?.CpuTune;
            result = [TypedParameter.ULLong(TuningParams.CpuShares, t?.Shares ?? 0),
                TypedParameter.ULLong(TuningParams.VcpuPeriod, t?.Period ?? 0), TypedParameter.LLong(TuningParams.VcpuQuota, t?.Quota ?? 0)];
        }
        return ValueTask.FromResult(result);
    }

    public async ValueTask SetSchedulerParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        ulong? shares = null, period = null;
        long? quota = null;
        foreach (var p in parameters)
        {
            switch (p.Field)
            {
                case TuningParams.CpuShares: shares = Unsigned(p); break;
                case TuningParams.VcpuPeriod: period = Unsigned(p); break;
                case TuningParams.VcpuQuota: quota = Signed(p); break;
                default: throw Unknown(p.Field, "scheduler");
            }
        }
        using var job = await _rt.JobAsync(dom, "schedinfo", ct).ConfigureAwait(false);
        var (live, config) = Targets(dom, flags);
        await ChangeAsync(dom, live, config, rc =>
        {
            if (shares is { } s) CgroupLimits.Set(dom.Name, "cpu shares", () => rc.Cgroup.Controller.CpuShares = s);
            if (period is not null || quota is not null) CgroupLimits.SetBandwidth(rc.Cgroup, dom.Name, period, quota);
        }, d =>
        {
            var t = d.CpuTune ?? new CpuTuneDef();
            return d with { CpuTune = t with { Shares = shares ?? t.Shares, Period = period ?? t.Period, Quota = quota ?? t.Quota } };
        }, ct).ConfigureAwait(false);
        var changed = new List<TypedParameter>();
        if (shares is { } sh) changed.Add(TypedParameter.ULLong("cputune.cpu_shares", sh));
        if (period is { } pe) changed.Add(TypedParameter.ULLong("cputune.vcpu_period", pe));
        if (quota is { } qu) changed.Add(TypedParameter.LLong("cputune.vcpu_quota", qu));
        _rt.Events.Publish(new TunableEvent(dom.Ref, changed));
    }

    /// <summary>Applies a change to the live container and/or the saved definition (the caller holds the job).</summary>
    private async Task ChangeAsync(DomainObject dom, bool live, bool config, Action<RunningContainer>? applyLive,
        Func<DomainDef, DomainDef> change, CancellationToken ct)
    {
        DomainDef? newConfig = null;
        if (config)
        {
            newConfig = change(dom.Persistent!);
            Validation.ContainerValidator.Validate(newConfig);
        }
        if (live)
        {
            applyLive?.Invoke(LxcRuntime.Running(dom));
            dom.Live = change(dom.Live!);
        }
        if (newConfig is not null)
        {
            await _rt.Store.WriteConfigAsync(newConfig, ct).ConfigureAwait(false);
            dom.Persistent = newConfig;
        }
    }

    /// <summary>libvirt's rules for MODIFY_CURRENT/LIVE/CONFIG.</summary>
    private static (bool Live, bool Config) Targets(DomainObject dom, ModifyFlags flags)
    {
        bool live = flags.HasFlag(ModifyFlags.Live), config = flags.HasFlag(ModifyFlags.Config);
        if (!live && !config)
        {
            live = dom.IsActive;
            config = !dom.IsActive;
        }
        if (live && !dom.IsActive) throw Invalid("domain is not running");
        if (config && !dom.IsPersistent) throw Invalid("cannot change persistent config of a transient domain");
        return (live, config);
    }

    private static IEnumerable<DomainDef> Defs(DomainObject dom, bool live, bool config)
    {
        if (live && dom.Live is { } l) yield return l;
        if (config && dom.Persistent is { } p) yield return p;
    }

    private static ulong Unsigned(TypedParameter p) => p.Type switch
    {
        TypedParameterType.ULLong or TypedParameterType.UInt => p.AsULong,
        TypedParameterType.LLong or TypedParameterType.Int when p.Integer >= 0 => (ulong)p.Integer,
        _ => throw VirErrors.InvalidArg($"parameter '{p.Field}' must be a non-negative integer", VirErrorDomain.Lxc),
    };

    private static long Signed(TypedParameter p) => p.Type switch
    {
        TypedParameterType.LLong or TypedParameterType.Int or TypedParameterType.UInt => p.Integer,
        TypedParameterType.ULLong when p.Integer >= 0 => p.Integer,
        _ => throw VirErrors.InvalidArg($"parameter '{p.Field}' must be an integer", VirErrorDomain.Lxc),
    };

    private static VirException Unknown(string field, string kind) =>
        new(VirErrorCode.InvalidArg, VirErrorDomain.Lxc, $"unknown {kind} parameter '{field}'");

    private static VirException Invalid(string detail) => new(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc, detail);
}
