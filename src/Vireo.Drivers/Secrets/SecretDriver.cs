using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Secrets;

/// <summary>
/// libvirt's secret driver. One instance per Vireo instance, shared by its QEMU and container connections.
/// Changes run one at a time behind a gate and reach the disk (<see cref="SecretStore"/>) before memory, so a
/// failed write leaves both as they were; reads take the lock only to copy a reference.
/// </summary>
public sealed class SecretDriver : ISecrets
{
    private readonly SecretStore _store;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private readonly Dictionary<Guid, Entry> _secrets = [];

    /// <summary>A secret and its value; both are replaced whole (never mutated), so a copied reference stays consistent.</summary>
    private sealed record Entry(SecretDef Def, byte[]? Value);

    public SecretDriver(SecretStore store, ILogger log)
    {
        _store = store;
        _log = log;
    }

    public event Action<SecretEvent>? Changed;

    /// <summary>Loads the persistent secrets and their values. A damaged file is logged and skipped.</summary>
    public Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _store.EnsureDirectory();
        var errors = new List<string>();
        var loaded = _store.Load(errors);
        lock (_sync)
        {
            foreach (var (def, value) in loaded)
            {
                if (FindByUsageLocked(def) is { } other)
                {
                    errors.Add($"{_store.ConfigPath(def.Uuid)}: secret {other.Def.Uuid:D} already has usage '{def.UsageId}'");
                    continue;
                }
                _secrets[def.Uuid] = new Entry(def, value);
            }
        }
        foreach (var e in errors) _log.LogError("Secret file skipped: {Error}", e);
        return Task.CompletedTask;
    }

    public IReadOnlyList<SecretRef> List(SecretListFlags flags)
    {
        var unknown = (uint)flags & ~0xFu;
        if (unknown != 0) throw SecretErrors.UnsupportedFlags((uint)flags, "secretConnectListAllSecrets");
        bool Matches(SecretDef d) =>
            ListFilter.OppositePair((ulong)flags, (ulong)SecretListFlags.Ephemeral, (ulong)SecretListFlags.NoEphemeral, d.Ephemeral)
            && ListFilter.OppositePair((ulong)flags, (ulong)SecretListFlags.Private, (ulong)SecretListFlags.NoPrivate, d.Private);
        lock (_sync)
            return _secrets.Values.Select(e => e.Def).Where(Matches)
                .OrderBy(d => d.Uuid.ToString("D"), StringComparer.Ordinal).Select(d => d.Ref).ToList();
    }

    public SecretRef LookupByUuid(Guid uuid) => Find(uuid).Def.Ref;

    public SecretRef LookupByUsage(SecretUsageType type, string usageId)
    {
        lock (_sync)
            return _secrets.Values.FirstOrDefault(e => e.Def.UsageType == type && type != SecretUsageType.None && e.Def.UsageId == usageId)?.Def.Ref
                ?? throw SecretErrors.NoSecretByUsage(usageId);
    }

    public string Xml(SecretRef secret, uint flags)
    {
        if (flags != 0) throw SecretErrors.UnsupportedFlags(flags, "secretGetXMLDesc");
        return SecretXml.Format(Find(secret.Uuid).Def);
    }

    public byte[] GetValue(SecretRef secret, uint flags, bool internalCall)
    {
        if (flags != 0) throw SecretErrors.UnsupportedFlags(flags, "secretGetValue");
        var e = Find(secret.Uuid);
        if (e.Def.Private && !internalCall) throw SecretErrors.IsPrivate();
        return e.Value is { } v ? (byte[])v.Clone() : throw SecretErrors.NoValue(e.Def.Uuid);
    }

    /// <summary>
    /// libvirt's define: a known uuid is redefined (same usage, never private to public; its value stays), a
    /// new one must not take another secret's usage. Moving between ephemeral and persistent writes or removes
    /// the files. VIR_SECRET_DEFINE_VALIDATE (1) is accepted; the parser's own checks are the validation.
    /// </summary>
    public async Task<SecretRef> DefineAsync(string xml, uint flags, CancellationToken ct)
    {
        if ((flags & ~1u) != 0) throw SecretErrors.UnsupportedFlags(flags, "secretDefineXML");
        var def = SecretXml.Parse(xml);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Entry? old;
            lock (_sync)
            {
                if (_secrets.TryGetValue(def.Uuid, out old))
                {
                    if (old.Def.UsageId != def.UsageId) throw SecretErrors.UsageChanged(def.Uuid, old.Def.UsageId);
                    if (old.Def.Private && !def.Private) throw SecretErrors.CannotMakePublic();
                }
                else if (FindByUsageLocked(def) is { } holder) throw SecretErrors.UsageTaken(holder.Def.Uuid, def.UsageId ?? "");
            }
            await PersistDefinitionAsync(def, old, ct).ConfigureAwait(false);
            var entry = new Entry(def, old?.Value);
            lock (_sync) _secrets[def.Uuid] = entry;
            Raise(new SecretEvent(def.Ref, SecretEventId.Lifecycle, SecretLifecycle.Defined));
            return def.Ref;
        }
        finally { _gate.Release(); }
    }

    public async Task SetValueAsync(SecretRef secret, byte[] value, uint flags, CancellationToken ct)
    {
        if (flags != 0) throw SecretErrors.UnsupportedFlags(flags, "secretSetValue");
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var e = Find(secret.Uuid);
            var copy = (byte[])value.Clone();
            if (!e.Def.Ephemeral) await Write(() => _store.SaveValueAsync(e.Def.Uuid, copy, ct), e.Def.Uuid).ConfigureAwait(false);
            lock (_sync) _secrets[e.Def.Uuid] = e with { Value = copy };
            Raise(new SecretEvent(e.Def.Ref, SecretEventId.ValueChanged));
        }
        finally { _gate.Release(); }
    }

    public async Task UndefineAsync(SecretRef secret, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var e = Find(secret.Uuid);
            if (!e.Def.Ephemeral)
            {
                // The definition goes first: a crash between the two leaves an orphan value file, never a
                // definition whose value has vanished.
                await Write(() => { _store.DeleteConfig(e.Def.Uuid); return Task.CompletedTask; }, e.Def.Uuid).ConfigureAwait(false);
                try { _store.DeleteValue(e.Def.Uuid); }
                catch (IOException x) { _log.LogWarning("The value file of secret {Uuid} could not be removed: {Error}", e.Def.Uuid, x.Message); }
            }
            lock (_sync) _secrets.Remove(e.Def.Uuid);
            Raise(new SecretEvent(e.Def.Ref, SecretEventId.Lifecycle, SecretLifecycle.Undefined));
        }
        finally { _gate.Release(); }
    }

    /// <summary>Brings the files in line with a new definition before memory changes; on failure puts them back.</summary>
    private async Task PersistDefinitionAsync(SecretDef def, Entry? old, CancellationToken ct)
    {
        var uuid = def.Uuid;
        if (!def.Ephemeral)
        {
            // An ephemeral secret made persistent takes its value to disk with it.
            if (old is { Def.Ephemeral: true, Value: { } v }) await Write(() => _store.SaveValueAsync(uuid, v, ct), uuid).ConfigureAwait(false);
            try { await Write(() => _store.SaveConfigAsync(def, ct), uuid).ConfigureAwait(false); }
            catch
            {
                if (old is { Def.Ephemeral: true }) _store.DeleteValue(uuid);
                throw;
            }
        }
        else if (old is { Def.Ephemeral: false })
        {
            await Write(() => { _store.DeleteConfig(uuid); return Task.CompletedTask; }, uuid).ConfigureAwait(false);
            _store.DeleteValue(uuid);
        }
    }

    /// <summary>A file operation whose I/O failure becomes libvirt's system error naming the secret.</summary>
    private static async Task Write(Func<Task> op, Guid uuid)
    {
        try { await op().ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SecretErrors.System($"cannot write the files of secret '{uuid:D}': {e.Message}");
        }
    }

    private Entry Find(Guid uuid)
    {
        lock (_sync) return _secrets.TryGetValue(uuid, out var e) ? e : throw SecretErrors.NoSecretByUuid(uuid);
    }

    /// <summary>Another secret with the same usage (usage type none never clashes), as libvirt's virSecretObjListFindByUsage.</summary>
    private Entry? FindByUsageLocked(SecretDef def) =>
        def.UsageType == SecretUsageType.None ? null
            : _secrets.Values.FirstOrDefault(e => e.Def.Uuid != def.Uuid && e.Def.UsageType == def.UsageType && e.Def.UsageId == def.UsageId);

    private void Raise(SecretEvent e)
    {
        try { Changed?.Invoke(e); }
        catch (Exception ex) { _log.LogError(ex, "A secret event handler failed"); }
    }
}
