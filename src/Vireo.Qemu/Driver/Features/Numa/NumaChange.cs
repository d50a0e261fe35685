using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Numa;

/// <summary>
/// numatune's parameters: numa_mode (INT: 0 strict, 1 preferred, 2 interleave, 3 restrictive) and
/// numa_nodeset (STRING, libvirt's bitmap syntax "0-1,^3"). A null field is left as it is. Pure.
/// </summary>
internal sealed record NumaChange(NumaMode? Mode, NodeSet? Nodeset)
{
    public static NumaChange Parse(IReadOnlyList<TypedParameter> ps)
    {
        TypedValues.Distinct(ps);
        NumaMode? mode = null;
        NodeSet? nodes = null;
        foreach (var p in ps)
        {
            switch (p.Field)
            {
                case NumaParams.Mode:
                    mode = TypedValues.Signed(p) switch
                    {
                        NumaParams.ModeStrict => NumaMode.Strict,
                        NumaParams.ModePreferred => NumaMode.Preferred,
                        NumaParams.ModeInterleave => NumaMode.Interleave,
                        NumaParams.ModeRestrictive => NumaMode.Restrictive,
                        var v => throw VirErrors.InvalidArg($"unsupported numatune mode {v}: use 0 (strict), 1 (preferred), 2 (interleave) or 3 (restrictive)", VirErrorDomain.Qemu),
                    };
                    break;
                case NumaParams.Nodeset:
                    var text = TypedValues.Text(p);
                    nodes = NodeSet.TryParse(text, out var set, out var error) ? set
                        : throw VirErrors.InvalidArg($"invalid nodeset '{text}': {error}", VirErrorDomain.Qemu);
                    break;
                default:
                    throw TypedValues.Unknown(p.Field, "NUMA", [NumaParams.Mode, NumaParams.Nodeset]);
            }
        }
        return new NumaChange(mode, nodes);
    }

    /// <summary>The definition's &lt;numatune&gt; after the change (per-cell &lt;memnode&gt;s are kept).</summary>
    public NumaTuneDef ApplyTo(NumaTuneDef? current, string domain)
    {
        var tune = current ?? new NumaTuneDef();
        var memory = tune.Memory ?? new NumaMemoryDef();
        memory = memory with { Mode = Mode ?? memory.Mode, Nodeset = Nodeset ?? memory.Nodeset, Placement = Nodeset is not null && memory.Placement == Placement.Auto ? null : memory.Placement }; // a nodeset ends automatic placement
        if (memory is { Mode: NumaMode.Preferred, Nodeset.Count: > 1 })
            throw VirErrors.InvalidArg($"cannot set the NUMA tuning of domain '{domain}': mode 'preferred' takes exactly one node, not {memory.Nodeset}", VirErrorDomain.Qemu);
        return tune with { Memory = memory };
    }

    public static IReadOnlyList<TypedParameter> FromDefinition(NumaTuneDef? tune) =>
    [
        TypedParameter.Int(NumaParams.Mode, (tune?.Memory?.Mode ?? NumaMode.Strict) switch
        {
            NumaMode.Preferred => NumaParams.ModePreferred,
            NumaMode.Interleave => NumaParams.ModeInterleave,
            NumaMode.Restrictive => NumaParams.ModeRestrictive,
            _ => NumaParams.ModeStrict,
        }),
        TypedParameter.String(NumaParams.Nodeset, tune?.Memory?.Nodeset?.ToString() ?? ""),
    ];

    public static string Name(NumaMode mode) => mode.ToString().ToLowerInvariant();
}
