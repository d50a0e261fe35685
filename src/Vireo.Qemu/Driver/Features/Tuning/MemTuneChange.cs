using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>
/// memtune's parameters: hard_limit, soft_limit and swap_hard_limit in KiB (ULLONG), where
/// VIR_DOMAIN_MEMORY_PARAM_UNLIMITED means no limit. A null field is left as it is. Pure.
/// </summary>
internal sealed record MemTuneChange(Limit? Hard, Limit? Soft, Limit? Swap)
{
    public static readonly string[] Fields = [TuningParams.HardLimit, TuningParams.SoftLimit, TuningParams.SwapHardLimit];

    public static MemTuneChange Parse(IReadOnlyList<TypedParameter> ps)
    {
        TypedValues.Distinct(ps);
        Limit? hard = null, soft = null, swap = null;
        foreach (var p in ps)
        {
            switch (p.Field)
            {
                case TuningParams.HardLimit: hard = FromKiB(p); break;
                case TuningParams.SoftLimit: soft = FromKiB(p); break;
                case TuningParams.SwapHardLimit: swap = FromKiB(p); break;
                case TuningParams.MinGuarantee:
                    throw VirErrors.Unsupported("min_guarantee is not supported by the QEMU driver (it exists for VMware ESX only)", VirErrorDomain.Qemu);
                default: throw TypedValues.Unknown(p.Field, "memory", Fields);
            }
        }
        return new MemTuneChange(hard, soft, swap);
    }

    private static Limit FromKiB(TypedParameter p)
    {
        var kib = TypedValues.Unsigned(p);
        return kib >= TuningParams.MemoryUnlimited ? Limit.Unlimited : new Limit(checked((long)kib * 1024));
    }

    /// <summary>
    /// The definition's &lt;memtune&gt; after the change, refusing a hard limit above the memory+swap limit
    /// (libvirt's rule, which v1's memsw also enforces).
    /// </summary>
    public MemTuneDef ApplyTo(MemTuneDef? current, string domain)
    {
        var t = current ?? new MemTuneDef();
        static MemorySize? Size(Limit? change, MemorySize? old) =>
            change is not { } c ? old : c.Bytes is { } b ? MemorySize.FromBytes((ulong)b) : null;
        var result = t with { HardLimit = Size(Hard, t.HardLimit), SoftLimit = Size(Soft, t.SoftLimit), SwapHardLimit = Size(Swap, t.SwapHardLimit) };
        if (result is { HardLimit: { } h, SwapHardLimit: { } s } && h > s)
            throw VirErrors.InvalidArg("memory hard_limit tunable value must be lower than or equal to swap_hard_limit", VirErrorDomain.Qemu);
        if (result is { SoftLimit: { } sl, HardLimit: { } hl } && sl > hl)
            throw VirErrors.InvalidArg(
                $"cannot set the memory limits of domain '{domain}': soft_limit ({sl.KiB} KiB) must be lower than or equal to hard_limit ({hl.KiB} KiB)",
                VirErrorDomain.Qemu);
        return result;
    }

    /// <summary>The parameters as virsh memtune prints them (KiB; unlimited as libvirt's sentinel).</summary>
    public static IReadOnlyList<TypedParameter> Values(long? hardBytes, long? softBytes, long? swapBytes)
    {
        static ulong KiB(long? bytes) => bytes is { } b ? (ulong)b / 1024 : TuningParams.MemoryUnlimited;
        return
        [
            TypedParameter.ULLong(TuningParams.HardLimit, KiB(hardBytes)),
            TypedParameter.ULLong(TuningParams.SoftLimit, KiB(softBytes)),
            TypedParameter.ULLong(TuningParams.SwapHardLimit, KiB(swapBytes)),
        ];
    }

    public static IReadOnlyList<TypedParameter> FromDefinition(MemTuneDef? t)
    {
        static long? B(MemorySize? s) => s is { } v ? (long)v.Bytes : null;
        return Values(B(t?.HardLimit), B(t?.SoftLimit), B(t?.SwapHardLimit));
    }
}
