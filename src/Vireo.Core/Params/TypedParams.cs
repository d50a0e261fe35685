using Vireo.Core.Errors;

namespace Vireo.Core.Params;

/// <summary>libvirt's checks of a typed-parameter list a client sends (virTypedParamsValidate) and its type names. Pure.</summary>
public static class TypedParams
{
    /// <summary>The name libvirt's messages use for a type: int, uint, llong, ullong, double, boolean, string.</summary>
    public static string LibvirtName(this TypedParameterType type) => type.ToString().ToLowerInvariant();

    /// <summary>
    /// virTypedParamsValidate: in name order, a name given twice is "parameter 'x' occurs multiple times", a name
    /// <paramref name="expected"/> does not know (null) is "parameter 'x' not supported", a wrong type is
    /// "invalid type 'T' for parameter 'x', expected 'E'".
    /// </summary>
    public static void Validate(IReadOnlyList<TypedParameter> parameters, Func<string, TypedParameterType?> expected, VirErrorDomain domain = VirErrorDomain.None)
    {
        string? previous = null;
        foreach (var p in parameters.OrderBy(p => p.Field, StringComparer.Ordinal))
        {
            if (p.Field == previous)
                throw VirErrors.InvalidArg($"parameter '{p.Field}' occurs multiple times", domain);
            previous = p.Field;
            if (expected(p.Field) is not { } type)
                throw new VirException(VirErrorCode.ArgumentUnsupported, domain, $"parameter '{p.Field}' not supported");
            if (p.Type != type)
                throw VirErrors.InvalidArg($"invalid type '{p.Type.LibvirtName()}' for parameter '{p.Field}', expected '{type.LibvirtName()}'", domain);
        }
    }
}
