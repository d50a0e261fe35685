using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>
/// schedinfo's parameters: cpu_shares (the guest's group), vcpu_period/quota (each vcpuN),
/// emulator_period/quota ("emulator"), global_period/quota (the guest's group), iothread_period/quota
/// (libvirt's per-IOThread groups; see QemuTuning for where vireod keeps them). Periods are µs in
/// [1000, 1000000]; a quota is -1 (none) or µs in [1000, 17592186044415]; libvirt treats a period or
/// quota of 0 as "leave as is". Pure.
/// </summary>
internal sealed record SchedulerChange(ulong? Shares, Bandwidth Vcpu, Bandwidth Emulator, Bandwidth Global, Bandwidth IoThread)
{
    public const ulong PeriodMin = 1000, PeriodMax = 1000000;
    public const long QuotaMin = 1000, QuotaMax = 17592186044415;

    /// <summary>In the order virsh schedinfo prints them.</summary>
    public static readonly string[] Fields =
    [
        TuningParams.CpuShares, TuningParams.VcpuPeriod, TuningParams.VcpuQuota, TuningParams.EmulatorPeriod,
        TuningParams.EmulatorQuota, TuningParams.GlobalPeriod, TuningParams.GlobalQuota, TuningParams.IoThreadPeriod,
        TuningParams.IoThreadQuota,
    ];

    public static SchedulerChange Parse(IReadOnlyList<TypedParameter> ps)
    {
        TypedValues.Distinct(ps);
        ulong? shares = null, vp = null, ep = null, gp = null, ip = null;
        long? vq = null, eq = null, gq = null, iq = null;
        foreach (var p in ps)
        {
            switch (p.Field)
            {
                case TuningParams.CpuShares: shares = TypedValues.Unsigned(p); break;
                case TuningParams.VcpuPeriod: vp = Period(p); break;
                case TuningParams.VcpuQuota: vq = Quota(p); break;
                case TuningParams.EmulatorPeriod: ep = Period(p); break;
                case TuningParams.EmulatorQuota: eq = Quota(p); break;
                case TuningParams.GlobalPeriod: gp = Period(p); break;
                case TuningParams.GlobalQuota: gq = Quota(p); break;
                case TuningParams.IoThreadPeriod: ip = Period(p); break;
                case TuningParams.IoThreadQuota: iq = Quota(p); break;
                default: throw TypedValues.Unknown(p.Field, "scheduler", Fields);
            }
        }
        return new SchedulerChange(shares, new(vp, vq), new(ep, eq), new(gp, gq), new(ip, iq));
    }

    /// <summary>libvirt: 0 leaves the period as it is.</summary>
    private static ulong? Period(TypedParameter p) =>
        TypedValues.Unsigned(p) is var v && v == 0 ? null : TypedValues.InRange(p.Field, v, PeriodMin, PeriodMax);

    private static long? Quota(TypedParameter p)
    {
        var v = TypedValues.Signed(p);
        if (v == 0) return null;
        return v < 0 ? -1 : TypedValues.InRange(p.Field, v, QuotaMin, QuotaMax);
    }

    /// <summary>Shares range of the cgroup version: v1 cpu.shares [2, 262144], v2 cpu.weight [1, 10000].</summary>
    public void CheckShares(Platform.Cgroups.CgroupVersion version)
    {
        if (Shares is not { } s) return;
        if (version == Platform.Cgroups.CgroupVersion.V2) TypedValues.InRange(TuningParams.CpuShares, s, 1UL, 10000UL);
        else TypedValues.InRange(TuningParams.CpuShares, s, 2UL, 262144UL);
    }

    public CpuTuneDef ApplyTo(CpuTuneDef? t)
    {
        t ??= new CpuTuneDef();
        return t with
        {
            Shares = Shares ?? t.Shares,
            Period = Vcpu.PeriodUs ?? t.Period,
            Quota = Vcpu.QuotaUs ?? t.Quota,
            EmulatorPeriod = Emulator.PeriodUs ?? t.EmulatorPeriod,
            EmulatorQuota = Emulator.QuotaUs ?? t.EmulatorQuota,
            GlobalPeriod = Global.PeriodUs ?? t.GlobalPeriod,
            GlobalQuota = Global.QuotaUs ?? t.GlobalQuota,
            IoThreadPeriod = IoThread.PeriodUs ?? t.IoThreadPeriod,
            IoThreadQuota = IoThread.QuotaUs ?? t.IoThreadQuota,
        };
    }

    /// <summary>The TUNABLE event's parameters (cputune.cpu_shares, cputune.vcpu_period, ...) for what changed.</summary>
    public IReadOnlyList<TypedParameter> EventParams()
    {
        var list = new List<TypedParameter>();
        if (Shares is { } s) list.Add(TypedParameter.ULLong("cputune.cpu_shares", s));
        void Add(string name, Bandwidth b)
        {
            if (b.PeriodUs is { } p) list.Add(TypedParameter.ULLong($"cputune.{name}_period", p));
            if (b.QuotaUs is { } q) list.Add(TypedParameter.LLong($"cputune.{name}_quota", q));
        }
        Add("vcpu", Vcpu);
        Add("emulator", Emulator);
        Add("global", Global);
        Add("iothread", IoThread);
        return list;
    }

    /// <summary>The parameters of a definition (libvirt reports 0 for what is not set).</summary>
    public static IReadOnlyList<TypedParameter> FromDefinition(CpuTuneDef? t) =>
        Values(t?.Shares ?? 0, new(t?.Period ?? 0, t?.Quota ?? 0), new(t?.EmulatorPeriod ?? 0, t?.EmulatorQuota ?? 0),
            new(t?.GlobalPeriod ?? 0, t?.GlobalQuota ?? 0), new(t?.IoThreadPeriod ?? 0, t?.IoThreadQuota ?? 0));

    public static IReadOnlyList<TypedParameter> Values(ulong shares, Bandwidth vcpu, Bandwidth emulator, Bandwidth global, Bandwidth iothread) =>
    [
        TypedParameter.ULLong(TuningParams.CpuShares, shares),
        TypedParameter.ULLong(TuningParams.VcpuPeriod, vcpu.PeriodUs ?? 0), TypedParameter.LLong(TuningParams.VcpuQuota, vcpu.QuotaUs ?? 0),
        TypedParameter.ULLong(TuningParams.EmulatorPeriod, emulator.PeriodUs ?? 0), TypedParameter.LLong(TuningParams.EmulatorQuota, emulator.QuotaUs ?? 0),
        TypedParameter.ULLong(TuningParams.GlobalPeriod, global.PeriodUs ?? 0), TypedParameter.LLong(TuningParams.GlobalQuota, global.QuotaUs ?? 0),
        TypedParameter.ULLong(TuningParams.IoThreadPeriod, iothread.PeriodUs ?? 0), TypedParameter.LLong(TuningParams.IoThreadQuota, iothread.QuotaUs ?? 0),
    ];
}
