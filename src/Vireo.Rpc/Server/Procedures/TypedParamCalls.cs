using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The rules libvirt's typed-parameter calls share (protocol notes §12, feature 9): a get is asked twice,
/// first with nparams 0 for the count, then with that count for the list; string parameters travel only
/// to a client that set VIR_TYPED_PARAM_STRING_OKAY (it asks for feature 9 first); flags are the
/// modification impact (CURRENT/LIVE/CONFIG) plus that bit, and anything else is refused.
/// </summary>
internal static class TypedParamCalls
{
    /// <summary>VIR_TYPED_PARAM_STRING_OKAY.</summary>
    public const uint StringOkay = 4;

    /// <summary>The reply of a two-phase get (numatune, memtune, blkiotune).</summary>
    public static TypedParamsCountRet TwoPhase(IReadOnlyList<TypedParameter> all, int nparams, uint flags)
    {
        if (nparams == 0) return new TypedParamsCountRet([], all.Count);
        var sent = Sendable(all, flags).Take(Math.Max(0, nparams)).ToArray();
        return new TypedParamsCountRet(sent, sent.Length);
    }

    /// <summary>The list without string parameters for a client that did not say it takes them.</summary>
    public static IReadOnlyList<TypedParameter> Sendable(IReadOnlyList<TypedParameter> all, uint flags) =>
        (flags & StringOkay) != 0 ? all : all.Where(p => p.Type != TypedParameterType.String).ToArray();

    /// <summary>The modification impact of a call's flags; unknown bits are refused as libvirt refuses them.</summary>
    public static ModifyFlags Modify(CallContext c, uint flags, string api, uint alsoAllowed = StringOkay)
    {
        c.CheckFlags(flags, 1u | 2u | alsoAllowed, api);
        return (ModifyFlags)(flags & 3);
    }
}
