using Vireo.Core.Errors;
using Vireo.Core.Params;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>Reading libvirt typed parameters by field, with libvirt's range messages. Pure.</summary>
internal static class TypedValues
{
    public static ulong Unsigned(TypedParameter p) => p.Type switch
    {
        TypedParameterType.ULLong or TypedParameterType.UInt => p.AsULong,
        TypedParameterType.LLong or TypedParameterType.Int when p.Integer >= 0 => (ulong)p.Integer,
        TypedParameterType.String or TypedParameterType.Double or TypedParameterType.Boolean =>
            throw VirErrors.InvalidArg($"invalid type '{p.Type.LibvirtName()}' for parameter '{p.Field}', expected 'ullong'", VirErrorDomain.Qemu),
        _ => throw VirErrors.InvalidArg($"parameter '{p.Field}' must not be negative (got {p.Integer})", VirErrorDomain.Qemu),
    };

    public static long Signed(TypedParameter p) => p.Type switch
    {
        TypedParameterType.LLong or TypedParameterType.Int or TypedParameterType.UInt => p.Integer,
        TypedParameterType.ULLong when p.Integer >= 0 => p.Integer,
        TypedParameterType.ULLong => throw VirErrors.InvalidArg($"value of '{p.Field}' is too large", VirErrorDomain.Qemu),
        _ => throw VirErrors.InvalidArg($"invalid type '{p.Type.LibvirtName()}' for parameter '{p.Field}', expected 'llong'", VirErrorDomain.Qemu),
    };

    public static string Text(TypedParameter p) => p.Type == TypedParameterType.String
        ? p.Text ?? ""
        : throw VirErrors.InvalidArg($"invalid type '{p.Type.LibvirtName()}' for parameter '{p.Field}', expected 'string'", VirErrorDomain.Qemu);

    /// <summary>libvirt: "value of 'vcpu_period' is out of range [1000, 1000000]".</summary>
    public static T InRange<T>(string field, T value, T min, T max) where T : IComparable<T> =>
        value.CompareTo(min) < 0 || value.CompareTo(max) > 0
            ? throw VirErrors.InvalidArg($"value of '{field}' is out of range [{min}, {max}]", VirErrorDomain.Qemu)
            : value;

    public static VirException Unknown(string field, string kind, IEnumerable<string> known) =>
        VirErrors.InvalidArg($"unknown {kind} parameter '{field}' (known: {string.Join(", ", known)})", VirErrorDomain.Qemu);

    /// <summary>A field given twice is refused (libvirt: "parameter 'x' occurs multiple times").</summary>
    public static void Distinct(IReadOnlyList<TypedParameter> ps)
    {
        var dup = ps.GroupBy(p => p.Field).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw VirErrors.InvalidArg($"parameter '{dup.Key}' occurs multiple times", VirErrorDomain.Qemu);
    }

}
