using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;

namespace Vireo.Qemu.Driver.Features.Perf;

/// <summary>
/// DOMAIN_SET_PERF_EVENTS' parameters checked as libvirt's virTypedParamsValidate checks them (in name order, each
/// once, a known event, a boolean; libvirt's sentences) and turned into name -> enabled. Pure.
/// </summary>
internal static class PerfParams
{
    public static IReadOnlyList<KeyValuePair<string, bool>> Read(IReadOnlyList<TypedParameter> ps)
    {
        var sorted = ps.OrderBy(p => p.Field, StringComparer.Ordinal).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var p = sorted[i];
            if (i > 0 && sorted[i - 1].Field == p.Field)
                throw VirErrors.InvalidArg($"parameter '{p.Field}' occurs multiple times", VirErrorDomain.None);
            if (PerfEventNames.IndexOf(p.Field) < 0)
                throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.None, $"parameter '{p.Field}' not supported");
            if (p.Type != TypedParameterType.Boolean)
                throw VirErrors.InvalidArg($"invalid type '{p.Type.ToString().ToLowerInvariant()}' for parameter '{p.Field}', expected 'boolean'", VirErrorDomain.None);
        }
        // In the caller's order: libvirt applies them one by one as given.
        return ps.Select(p => new KeyValuePair<string, bool>(p.Field, p.Integer != 0)).ToList();
    }

    /// <summary>Every event as a boolean parameter in libvirt's order, true where <paramref name="enabled"/> says so.</summary>
    public static IReadOnlyList<TypedParameter> All(Func<string, bool> enabled) =>
        PerfEventNames.All.Select(n => TypedParameter.Bool(n, enabled(n))).ToList();
}
