using System.Collections.Concurrent;
using Vireo.Core.Errors;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// The domains of one driver, found by UUID, name or id. Lookups are lock-free; adding and removing are
/// serialized so that the name and UUID stay unique across the whole set.
/// </summary>
public sealed class DomainRegistry
{
    private readonly ConcurrentDictionary<Guid, DomainObject> _byUuid = new();
    private readonly object _writeGate = new();
    private readonly VirErrorDomain _errorDomain;
    private int _nextId;

    public DomainRegistry(VirErrorDomain errorDomain) => _errorDomain = errorDomain;

    public int Count => _byUuid.Count;

    /// <summary>A snapshot of all domains, in no particular order.</summary>
    public IReadOnlyCollection<DomainObject> All => _byUuid.Values.ToArray();

    /// <summary>Hands out the next domain id (1, 2, 3, ... per daemon run, as libvirt does).</summary>
    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>After a restart, ids continue above the highest id still in use.</summary>
    public void ReserveId(int id)
    {
        int seen;
        while ((seen = Volatile.Read(ref _nextId)) < id && Interlocked.CompareExchange(ref _nextId, id, seen) != seen) { }
    }

    public DomainObject? FindByUuid(Guid uuid) => _byUuid.TryGetValue(uuid, out var d) ? d : null;

    public DomainObject? FindByName(string name)
    {
        foreach (var d in _byUuid.Values)
            if (string.Equals(d.Name, name, StringComparison.Ordinal)) return d;
        return null;
    }

    public DomainObject? FindById(int id)
    {
        if (id < 0) return null;
        foreach (var d in _byUuid.Values)
            if (d.Id == id) return d;
        return null;
    }

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
            return created;
        }
    }

    public void Remove(DomainObject dom)
    {
        lock (_writeGate) _byUuid.TryRemove(new KeyValuePair<Guid, DomainObject>(dom.Uuid, dom));
    }
}
