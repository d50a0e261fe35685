using Vireo.Core.Errors;
using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// virDomainBlockCopy's typed parameters (bandwidth: ullong bytes/s, granularity: uint, buf-size: ullong), checked
/// as libvirt's virTypedParamsValidate checks them: an unknown name, a repeated one or a wrong type is refused. Pure.
/// </summary>
public static class BlockCopyParams
{
    public const string Bandwidth = "bandwidth", Granularity = "granularity", BufSize = "buf-size";

    private static readonly Dictionary<string, TypedParameterType> Known = new(StringComparer.Ordinal)
    {
        [Bandwidth] = TypedParameterType.ULLong, [Granularity] = TypedParameterType.UInt, [BufSize] = TypedParameterType.ULLong,
    };

    public static BlockCopyTuning Read(IReadOnlyList<TypedParameter> parameters)
    {
        ulong bandwidth = 0, bufSize = 0;
        uint granularity = 0;
        TypedParams.Validate(parameters, name => Known.TryGetValue(name, out var t) ? t : null);
        foreach (var p in parameters)
        {
            switch (p.Field)
            {
                case Bandwidth: bandwidth = p.AsULong; break;
                case Granularity: granularity = (uint)p.Integer; break;
                default: bufSize = p.AsULong; break;
            }
        }
        return new BlockCopyTuning(bandwidth, granularity, bufSize);
    }

    /// <summary>The parameters of a tuning, as a client sends them (zero values are left out, as virsh does).</summary>
    public static IReadOnlyList<TypedParameter> Write(BlockCopyTuning t)
    {
        var list = new List<TypedParameter>();
        if (t.Bandwidth != 0) list.Add(TypedParameter.ULLong(Bandwidth, t.Bandwidth));
        if (t.Granularity != 0) list.Add(TypedParameter.UInt(Granularity, t.Granularity));
        if (t.BufSize != 0) list.Add(TypedParameter.ULLong(BufSize, t.BufSize));
        return list;
    }

}
