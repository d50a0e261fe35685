using System.Globalization;
using Vireo.Client;
using Vireo.Core.Errors;

namespace Vireo.Cli.Infrastructure;

/// <summary>Which kinds of names a command accepts for its domain (virsh's VIRSH_BYID/BYUUID/BYNAME).</summary>
[Flags]
public enum LookupBy
{
    Id = 1,
    Uuid = 2,
    Name = 4,
    Any = Id | Uuid | Name,
}

/// <summary>
/// virsh's domain lookup: an integer >= 0 is tried as an id, a 36-character string as a UUID, then the text as
/// a name; each failure falls through to the next kind and only the last is reported, as
/// "failed to get domain 'x'" (virsh discards the daemon's message).
/// </summary>
public static class DomainLookup
{
    public static async Task<VirDomain> FindAsync(VirConnection conn, string text, LookupBy by, CancellationToken ct)
    {
        if (by.HasFlag(LookupBy.Id) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            try { return await conn.LookupDomainAsync(id, ct).ConfigureAwait(false); }
            catch (VirException) { }
        }
        if (by.HasFlag(LookupBy.Uuid) && text.Length == 36 && Guid.TryParseExact(text, "D", out var uuid))
        {
            try { return await conn.LookupDomainAsync(uuid, ct).ConfigureAwait(false); }
            catch (VirException) { }
        }
        if (by.HasFlag(LookupBy.Name))
        {
            try { return await conn.LookupDomainAsync(text, ct).ConfigureAwait(false); }
            catch (VirException) { }
        }
        throw new CliError($"failed to get domain '{text}'");
    }
}
