using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Persistence;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// The objects of one kind that libvirt defines by XML and starts and stops as a whole (networks, storage
/// pools), with what is the same for every kind: the write gate that runs changes one at a time, the lock
/// reads take to copy references, the files behind them (<see cref="DefinitionFiles{TDef}"/>), and libvirt's
/// kind-independent rules: start-up (take back the active ones, then autostart), the list filter, define
/// over an existing object, stop, undefine, autostart. A driver adds what its kind does to the host.
/// </summary>
internal sealed class DefinedObjects<TObj, TDef>(DefinitionFiles<TDef> store, Func<TDef, bool, TObj> create, string kind, ILogger log)
    where TObj : DefinedObject<TDef>
    where TDef : class, INamedDefinition
{
    private readonly List<TObj> _objects = [];

    /// <summary>Held by every change, from its first check to its last write.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Guards the list and the objects' fields for the moment a read copies them.</summary>
    public object Sync { get; } = new();

    /// <summary>
    /// Loads the definitions, takes back the objects that were active (<paramref name="takeBack"/> returns why
    /// one cannot be, or null), then starts the autostart ones with <paramref name="start"/>. Damaged files and
    /// objects that cannot start are logged and left out or inactive: start-up never fails for one object.
    /// </summary>
    public async Task LoadAsync(Func<TObj, CancellationToken, Task<string?>> takeBack, Func<TObj, CancellationToken, Task> start, CancellationToken ct)
    {
        store.EnsureDirectories();
        var errors = new List<string>();
        foreach (var def in store.LoadConfigs(errors))
        {
            var o = create(def, true);
            o.Autostart = store.IsAutostart(def.Name);
            _objects.Add(o);
        }
        foreach (var live in store.LoadActive(errors))
        {
            var o = _objects.Find(x => x.Uuid == live.Uuid);
            if (o is null) _objects.Add(o = create(live, false));
            else if (!o.Def.Equals(live)) (o.NextDef, o.Def) = (o.Def, live);
            if (await takeBack(o, ct).ConfigureAwait(false) is not { } reason)
            {
                o.Active = true;
                continue;
            }
            log.LogWarning("{Kind} '{Name}' was active but {Reason}, so it is inactive", kind, live.Name, reason);
            store.RemoveActive(live.Name);
            o.ApplyNextDef();
            if (!o.Persistent) _objects.Remove(o);
        }
        foreach (var e in errors) log.LogError("{Kind} file skipped: {Error}", kind, e);
        foreach (var o in _objects.Where(x => x.Autostart && !x.Active).ToList())
        {
            try
            {
                await start(o, ct).ConfigureAwait(false);
                log.LogInformation("{Kind} '{Name}' autostarted", kind, o.Name);
            }
            catch (VirException e)
            {
                log.LogError("{Kind} '{Name}' could not be autostarted: {Error}", kind, o.Name, e.Message);
            }
        }
    }

    /// <summary>
    /// libvirt's list filter for the three pairs every kind has (active/inactive, persistent/transient,
    /// autostart/no-autostart: within a pair, no bit set means either) plus a kind's own test.
    /// </summary>
    public List<TObj> List(ulong flags, DefinedListBits bits, Func<TObj, bool>? alsoMatches = null)
    {
        bool Matches(TObj o) =>
            ListFilter.OppositePair(flags, bits.Active, bits.Inactive, o.Active)
            && ListFilter.OppositePair(flags, bits.Persistent, bits.Transient, o.Persistent)
            && ListFilter.OppositePair(flags, bits.Autostart, bits.NoAutostart, o.Autostart)
            && (alsoMatches is null || alsoMatches(o));
        lock (Sync) return _objects.Where(Matches).ToList();
    }

    public TObj? Find(Predicate<TObj> match)
    {
        lock (Sync) return _objects.Find(match);
    }

    /// <summary>Every object, for a search a kind does itself (call under <see cref="Sync"/>).</summary>
    public IEnumerable<TObj> AllLocked => _objects;

    public TObj FindByUuid(Guid uuid, Func<Exception> notFound) => Find(o => o.Uuid == uuid) ?? throw notFound();

    public TObj FindByName(string name, Func<Exception> notFound) => Find(o => o.Name == name) ?? throw notFound();

    /// <summary>
    /// libvirt's define and create checks every kind shares: a name another uuid holds, a uuid another name
    /// holds. Returns the object with this name and uuid (the one a define replaces), if any.
    /// </summary>
    public TObj? CheckNameAndUuid(TDef def, Func<Guid, Exception> nameTaken, Func<string, Exception> uuidTaken)
    {
        lock (Sync)
        {
            var byName = _objects.Find(o => o.Name == def.Name);
            if (byName is not null && byName.Uuid != def.Uuid) throw nameTaken(byName.Uuid);
            var byUuid = _objects.Find(o => o.Uuid == def.Uuid);
            if (byUuid is not null && byUuid.Name != def.Name) throw uuidTaken(byUuid.Name);
            return byName;
        }
    }

    /// <summary>After the definition is on disk: a new object, or the existing one redefined.</summary>
    public void Defined(TObj? existing, TDef def)
    {
        lock (Sync)
        {
            if (existing is null) _objects.Add(create(def, true));
            else existing.Redefine(def);
        }
    }

    /// <summary>After a transient object's first start.</summary>
    public void Add(TObj o)
    {
        lock (Sync) _objects.Add(o);
    }

    /// <summary>
    /// After the host side of a stop: the active mark goes, then the state (with a kind's own changes, made
    /// under the lock); a pending definition takes over, and a transient object is gone.
    /// </summary>
    public void Stopped(TObj o, Action<TObj>? alsoUnderLock = null)
    {
        store.RemoveActive(o.Name);
        lock (Sync)
        {
            alsoUnderLock?.Invoke(o);
            o.Active = false;
            o.ApplyNextDef();
            if (!o.Persistent) _objects.Remove(o);
        }
    }

    /// <summary>Removes the definition: an inactive object is gone, an active one runs on as a transient one.</summary>
    public void Undefined(TObj o)
    {
        store.RemoveConfig(o.Name);
        lock (Sync)
        {
            if (o.Active) (o.Persistent, o.Autostart, o.NextDef) = (false, false, null);
            else _objects.Remove(o);
        }
    }

    /// <summary>Sets or clears the autostart mark of a persistent object, under the gate.</summary>
    public async Task SetAutostartAsync(Func<TObj> find, bool autostart, Func<TObj, Exception> transient, CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var o = find();
            if (!o.Persistent) throw transient(o);
            store.SetAutostart(o.Name, autostart);
            lock (Sync) o.Autostart = autostart;
        }
        finally { Gate.Release(); }
    }

    /// <summary>Tells the listeners; a listener that throws is logged and never undoes the change.</summary>
    public void Publish<TEvent>(Action<TEvent>? listeners, TEvent e)
    {
        try { listeners?.Invoke(e); }
        catch (Exception ex) { log.LogError(ex, "A {Kind} event handler failed", kind.ToLowerInvariant()); }
    }
}

/// <summary>The bits of a kind's list flags for the three pairs <see cref="DefinedObjects{TObj,TDef}.List"/> filters on.</summary>
internal readonly record struct DefinedListBits(ulong Active, ulong Inactive, ulong Persistent, ulong Transient, ulong Autostart, ulong NoAutostart);
