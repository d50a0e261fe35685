using System.Collections.Concurrent;
using Vireo.Core.Errors;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// The domains of one driver, found by UUID, name or id. Lookups are lock-free and O(1) (one index per key;
/// every RPC call on a domain starts with one, so a scan would make each call cost O(defined domains));
/// adding and removing are serialized so that the name and UUID stay unique across the whole set.
/// A domain's name changes only through <see cref="Rename"/> (a redefinition must keep it: <see cref="AddOrGet"/>);
/// its id follows start and stop through <see cref="DomainObject.IdChanged"/>.
/// </summary>
public sealed class DomainRegistry
{
    private readonly ConcurrentDictionary<Guid, DomainObject> _byUuid = new();
    private readonly ConcurrentDictionary<string, DomainObject> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, DomainObject> _byId = new();
    private readonly object _writeGate = new();
    private readonly VirErrorDomain _errorDomain;
    private volatile DomainObject[] _all = [];
    private int _nextId;

    public DomainRegistry(VirErrorDomain errorDomain) => _errorDomain = errorDomain;

    public int Count => _byUuid.Count;

    /// <summary>A snapshot of all domains, in no particular order (rebuilt on add/remove, so reading it is free).</summary>
    public IReadOnlyCollection<DomainObject> All => _all;

    /// <summary>Hands out the next domain id (1, 2, 3, ... per daemon run, as libvirt does).</summary>
    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>After a restart, ids continue above the highest id still in use.</summary>
    public void ReserveId(int id)
    {
        int seen;
        while ((seen = Volatile.Read(ref _nextId)) < id && Interlocked.CompareExchange(ref _nextId, id, seen) != seen) { }
    }

    public DomainObject? FindByUuid(Guid uuid) => _byUuid.TryGetValue(uuid, out var d) ? d : null;

    public DomainObject? FindByName(string name) =>
        _byName.TryGetValue(name, out var d) && string.Equals(d.Name, name, StringComparison.Ordinal) ? d : null;

    public DomainObject? FindById(int id) =>
        id >= 0 && _byId.TryGetValue(id, out var d) && d.Id == id ? d : null;

    public DomainObject GetByUuid(Guid uuid) => FindByUuid(uuid) ?? throw VirErrors.NoDomainByUuid(uuid, _errorDomain);
    public DomainObject GetByName(string name) => FindByName(name) ?? throw VirErrors.NoDomainByName(name, _errorDomain);
    public DomainObject GetById(int id) => FindById(id) ?? throw VirErrors.NoDomainById(id, _errorDomain);

    /// <summary>
    /// Adds a new domain, or returns the existing one with the same UUID (for redefinition) after checking
    /// that neither the name nor the UUID clashes with a different domain. The check and the add are one step.
    /// </summary>
    public DomainObject AddOrGet(Guid uuid, string name, Func<DomainObject> create)
    {
        lock (_writeGate)
        {
            var byName = FindByName(name);
            var existing = FindByUuid(uuid);
            if (byName is not null && byName.Uuid != uuid)
                throw new VirException(VirErrorCode.OperationFailed, _errorDomain,
                    $"domain '{name}' already exists with uuid {byName.Uuid:D}");
            if (existing is not null)
            {
                if (!string.Equals(existing.Name, name, StringComparison.Ordinal))
                    throw new VirException(VirErrorCode.OperationFailed, _errorDomain,
                        $"domain '{existing.Name}' is already defined with uuid {uuid:D}");
                return existing;
            }
            var created = create();
            _byUuid[uuid] = created;
            _byName[created.Name] = created;
            created.IdChanged = OnIdChanged;
            if (created.Id >= 0) _byId[created.Id] = created;
            _all = [.. _all, created];
            return created;
        }
    }

    /// <summary>
    /// Gives an inactive persistent domain the definition <paramref name="renamed"/> (its new name): the check
    /// that no other domain has that name and the re-indexing are one step. The caller holds the domain's job.
    /// </summary>
    public void Rename(DomainObject dom, Core.Domain.DomainDef renamed)
    {
        lock (_writeGate)
        {
            if (FindByName(renamed.Name) is { } other && !ReferenceEquals(other, dom))
                throw VirErrors.Invalid($"domain with name '{renamed.Name}' already exists", _errorDomain);
            var oldName = dom.Name;
            dom.Persistent = renamed;
            _byName[renamed.Name] = dom;
            if (!string.Equals(oldName, renamed.Name, StringComparison.Ordinal))
                _byName.TryRemove(new KeyValuePair<string, DomainObject>(oldName, dom));
        }
    }

    public void Remove(DomainObject dom)
    {
        lock (_writeGate)
        {
            if (!_byUuid.TryRemove(new KeyValuePair<Guid, DomainObject>(dom.Uuid, dom))) return;
            // Not by dom.Name: a transient domain being stopped has no definition left to name it by.
            foreach (var entry in _byName)
                if (ReferenceEquals(entry.Value, dom)) _byName.TryRemove(entry);
            if (dom.Id >= 0) _byId.TryRemove(new KeyValuePair<int, DomainObject>(dom.Id, dom));
            dom.IdChanged = null;
            _all = Array.FindAll(_all, d => !ReferenceEquals(d, dom));
        }
    }

    private void OnIdChanged(DomainObject dom, int oldId)
    {
        // Under the gate (starts and stops are rare), so a domain removed meanwhile is never put back.
        lock (_writeGate)
        {
            if (oldId >= 0) _byId.TryRemove(new KeyValuePair<int, DomainObject>(oldId, dom));
            var id = dom.Id;
            if (id >= 0 && _byUuid.TryGetValue(dom.Uuid, out var current) && ReferenceEquals(current, dom)) _byId[id] = dom;
        }
    }
}
