using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.Errors;

namespace Vireo.Cli.Commands;

/// <summary>
/// virsh's pool, volume and network lookups (virshCommandOptPoolBy, virshCommandOptVolBy, virshCommandOptNetworkBy):
/// each allowed kind is tried in turn (a 36-character text as a UUID first, then as a name); when all fail virsh
/// says "failed to get pool 'x'" followed by the daemon's last error, if any call was made.
/// </summary>
internal static class StorageLookup
{
    private static bool IsUuid(string text, out Guid uuid) => Guid.TryParseExact(text, "D", out uuid) & text.Length == 36;

    private static async Task<T> FirstAsync<T>(string what, string text, IEnumerable<Func<Task<T>>> attempts, string? hint = null)
    {
        VirException? last = null;
        foreach (var attempt in attempts)
        {
            try { return await attempt().ConfigureAwait(false); }
            catch (VirException e) { last = e; }
        }
        var head = $"failed to get {what} '{text}'{hint}";
        throw last is null ? new CliError(head) : new CliError(head, last.Message);
    }

    public static async Task<VirStoragePool> PoolAsync(CommandContext ctx, string text, LookupBy by = LookupBy.Uuid | LookupBy.Name)
    {
        var conn = await ctx.ConnectAsync().ConfigureAwait(false);
        var attempts = new List<Func<Task<VirStoragePool>>>();
        if (by.HasFlag(LookupBy.Uuid) && IsUuid(text, out var uuid)) attempts.Add(() => conn.LookupStoragePoolAsync(uuid, ctx.Ct));
        if (by.HasFlag(LookupBy.Name)) attempts.Add(() => conn.LookupStoragePoolAsync(text, ctx.Ct));
        return await FirstAsync("pool", text, attempts).ConfigureAwait(false);
    }

    public static async Task<VirNetwork> NetworkAsync(CommandContext ctx, string text, LookupBy by = LookupBy.Uuid | LookupBy.Name)
    {
        var conn = await ctx.ConnectAsync().ConfigureAwait(false);
        var attempts = new List<Func<Task<VirNetwork>>>();
        if (by.HasFlag(LookupBy.Uuid) && IsUuid(text, out var uuid)) attempts.Add(() => conn.LookupNetworkAsync(uuid, ctx.Ct));
        if (by.HasFlag(LookupBy.Name)) attempts.Add(() => conn.LookupNetworkAsync(text, ctx.Ct));
        return await FirstAsync("network", text, attempts).ConfigureAwait(false);
    }

    /// <summary>
    /// A volume: by name in the --pool (which must be running), else by key, then by path (byName false:
    /// key and path only, as vol-name and vol-pool).
    /// </summary>
    public static async Task<VirStorageVol> VolumeAsync(CommandContext ctx, string text, string? poolText, bool byName = true, bool byKeyOrPath = true)
    {
        var conn = await ctx.ConnectAsync().ConfigureAwait(false);
        VirStoragePool? pool = null;
        if (poolText is not null)
        {
            pool = await PoolAsync(ctx, poolText).ConfigureAwait(false);
            if (!await pool.IsActiveAsync(ctx.Ct).ConfigureAwait(false)) throw new CliError($"pool '{pool.Name}' is not active");
        }
        var attempts = new List<Func<Task<VirStorageVol>>>();
        if (pool is not null && byName) attempts.Add(() => pool.LookupVolumeAsync(text, ctx.Ct));
        if (byKeyOrPath)
        {
            attempts.Add(() => conn.LookupStorageVolByKeyAsync(text, ctx.Ct));
            attempts.Add(() => conn.LookupStorageVolByPathAsync(text, ctx.Ct));
        }
        var hint = pool is null && byName ? ", specifying --pool might help" : null;
        return await FirstAsync("vol", text, attempts, hint).ConfigureAwait(false);
    }
}
