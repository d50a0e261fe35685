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
        TypedParams.Validate(ps, name => PerfEventNames.IndexOf(name) >= 0 ? TypedParameterType.Boolean : null);
        // In the caller's order: libvirt applies them one by one as given.
        return ps.Select(p => new KeyValuePair<string, bool>(p.Field, p.Integer != 0)).ToList();
    }

    /// <summary>Every event as a boolean parameter in libvirt's order, true where <paramref name="enabled"/> says so.</summary>
    public static IReadOnlyList<TypedParameter> All(Func<string, bool> enabled) =>
        PerfEventNames.All.Select(n => TypedParameter.Bool(n, enabled(n))).ToList();
}
