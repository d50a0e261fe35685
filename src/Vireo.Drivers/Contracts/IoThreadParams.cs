using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// virDomainSetIOThreadParams' typed parameters (libvirt 9.0): poll_max_ns (ullong), poll_grow and poll_shrink
/// (uint), thread_pool_min and thread_pool_max (int, -1: QEMU's default); a null member is not sent. Reading checks
/// them as virTypedParamsValidate does: an unknown name, a repeated one or a wrong type is refused. Pure.
/// </summary>
public sealed record IoThreadParams(ulong? PollMaxNs = null, uint? PollGrow = null, uint? PollShrink = null, int? ThreadPoolMin = null, int? ThreadPoolMax = null)
{
    public const string PollMaxNsName = "poll_max_ns", PollGrowName = "poll_grow", PollShrinkName = "poll_shrink";
    public const string ThreadPoolMinName = "thread_pool_min", ThreadPoolMaxName = "thread_pool_max";

    private static readonly Dictionary<string, TypedParameterType> Known = new(StringComparer.Ordinal)
    {
        [PollMaxNsName] = TypedParameterType.ULLong, [PollGrowName] = TypedParameterType.UInt, [PollShrinkName] = TypedParameterType.UInt,
        [ThreadPoolMinName] = TypedParameterType.Int, [ThreadPoolMaxName] = TypedParameterType.Int,
    };

    /// <summary>Whether any of the adaptive-polling values is set (they exist only in the running QEMU).</summary>
    public bool SetsPolling => PollMaxNs is not null || PollGrow is not null || PollShrink is not null;

    public bool SetsPool => ThreadPoolMin is not null || ThreadPoolMax is not null;

    public static IoThreadParams Read(IReadOnlyList<TypedParameter> parameters)
    {
        TypedParams.Validate(parameters, name => Known.TryGetValue(name, out var t) ? t : null);
        var p = new IoThreadParams();
        foreach (var x in parameters)
        {
            p = x.Field switch
            {
                PollMaxNsName => p with { PollMaxNs = x.AsULong },
                PollGrowName => p with { PollGrow = (uint)x.Integer },
                PollShrinkName => p with { PollShrink = (uint)x.Integer },
                ThreadPoolMinName => p with { ThreadPoolMin = (int)x.Integer },
                _ => p with { ThreadPoolMax = (int)x.Integer },
            };
        }
        return p;
    }

    /// <summary>The parameters as virsh iothreadset sends them, in its order.</summary>
    public IReadOnlyList<TypedParameter> ToTypedParameters()
    {
        var list = new List<TypedParameter>();
        if (PollMaxNs is { } max) list.Add(TypedParameter.ULLong(PollMaxNsName, max));
        if (PollGrow is { } grow) list.Add(TypedParameter.UInt(PollGrowName, grow));
        if (PollShrink is { } shrink) list.Add(TypedParameter.UInt(PollShrinkName, shrink));
        if (ThreadPoolMin is { } min) list.Add(TypedParameter.Int(ThreadPoolMinName, min));
        if (ThreadPoolMax is { } poolMax) list.Add(TypedParameter.Int(ThreadPoolMaxName, poolMax));
        return list;
    }
}
