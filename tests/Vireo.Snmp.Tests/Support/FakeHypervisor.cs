using System.Collections.Concurrent;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Snmp.Tests.Support;

/// <summary>
/// A minimal in-memory hypervisor driver for the SNMP tests and the bench: domains with a state, vCPUs,
/// memory and CPU time, lifecycle calls that change them and publish the events a real driver would.
/// Only what the subagent uses is implemented; the rest says so.
/// </summary>
public sealed class FakeHypervisor : IHypervisorDriver, IDomainQueries, IDomainLifecycle
{
    public sealed record Domain(Guid Uuid, string Name, DomainState State, int Id, int Cpus, ulong MemoryKiB, ulong MaxMemoryKiB, ulong CpuTimeNs);

    private readonly ConcurrentDictionary<Guid, Domain> _domains = new();
    private int _nextId;

    /// <summary>Delay every lifecycle call takes (to model a slow guest start).</summary>
    public TimeSpan ActionDelay { get; set; }

    /// <summary>When set, the next lifecycle call fails with this message.</summary>
    public string? FailNextWith { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public IReadOnlyList<string> UriSchemes => ["test"];
    public VirErrorDomain ErrorDomain => VirErrorDomain.Domain;
    public IHostInfo Host => throw new NotSupportedException("The fake hypervisor has no host information.");
    public IDomainQueries Domains => this;
    public IDomainLifecycle Lifecycle => this;
    public IDomainConsoles Consoles => throw new NotSupportedException("The fake hypervisor has no consoles.");
    public DomainEventBus Events { get; } = new();
    public T? Feature<T>() where T : class => null;
    public ValueTask StartAsync(CancellationToken ct) => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Domain Add(string name, Guid uuid, DomainState state = DomainState.Shutoff, int cpus = 1, ulong memoryKiB = 524288, ulong maxMemoryKiB = 1048576, ulong cpuTimeNs = 0, bool publish = true)
    {
        var d = new Domain(uuid, name, state, state == DomainState.Shutoff ? -1 : Interlocked.Increment(ref _nextId), cpus, memoryKiB, maxMemoryKiB, cpuTimeNs);
        _domains[uuid] = d;
        if (publish) Publish(d, LifecycleEventType.Defined, 0);
        return d;
    }

    public Domain Get(Guid uuid) => _domains.TryGetValue(uuid, out var d) ? d : throw VirErrors.NoDomainByUuid(uuid, ErrorDomain);

    public void Update(Guid uuid, Func<Domain, Domain> change) => _domains[uuid] = change(Get(uuid));

    private void Publish(Domain d, LifecycleEventType type, int detail) =>
        Events.Publish(new LifecycleEvent(new DomainRef(d.Name, d.Uuid, d.Id), type, detail));

    private async ValueTask Change(string op, Guid uuid, DomainState[] from, DomainState to, LifecycleEventType evt)
    {
        Calls.Enqueue($"{op} {uuid:D}");
        if (ActionDelay > TimeSpan.Zero) await Task.Delay(ActionDelay);
        if (FailNextWith is { } msg)
        {
            FailNextWith = null;
            throw new VirException(VirErrorCode.OperationFailed, ErrorDomain, msg);
        }
        var d = Get(uuid);
        if (!from.Contains(d.State))
            throw new VirException(VirErrorCode.OperationInvalid, ErrorDomain, $"domain '{d.Name}' is {d.State}, cannot {op}");
        int id = to == DomainState.Shutoff ? -1 : d.Id == -1 ? Interlocked.Increment(ref _nextId) : d.Id;
        d = d with { State = to, Id = id };
        _domains[uuid] = d;
        Publish(d, evt, 0);
    }

    // IDomainQueries
    public IReadOnlyList<DomainSummary> List(ListFlags flags) =>
        [.. _domains.Values.Select(d => new DomainSummary(new DomainRef(d.Name, d.Uuid, d.Id), new StateWithReason(d.State, 0), true, false, 0))];
    public DomainRef LookupByName(string name) => _domains.Values.Where(d => d.Name == name).Select(d => new DomainRef(d.Name, d.Uuid, d.Id)).FirstOrDefault();
    public DomainRef LookupByUuid(Guid uuid) { var d = Get(uuid); return new DomainRef(d.Name, d.Uuid, d.Id); }
    public DomainRef LookupById(int id) => throw new NotSupportedException();
    public DomainInfo Info(Guid uuid) { var d = Get(uuid); return new DomainInfo(d.State, d.MaxMemoryKiB, d.MemoryKiB, d.Cpus, d.CpuTimeNs); }
    public StateWithReason State(Guid uuid) => new(Get(uuid).State, 0);
    public string Xml(Guid uuid, XmlFlags flags) => throw new NotSupportedException();
    public string OsType(Guid uuid) => "hvm";
    public bool IsPersistent(Guid uuid) => true;
    public bool Autostart(Guid uuid) => false;
    public int VcpuCount(Guid uuid, uint flags) => Get(uuid).Cpus;
    public IReadOnlyList<VcpuInfo> Vcpus(Guid uuid) => throw new NotSupportedException();
    public IReadOnlyList<IReadOnlyList<bool>> VcpuPinInfo(Guid uuid, ModifyFlags flags) => throw new NotSupportedException();
    public ulong MaxMemoryKiB(Guid uuid) => Get(uuid).MaxMemoryKiB;
    public ValueTask<BlockStats> BlockStatsAsync(Guid uuid, string disk, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask<InterfaceStats> InterfaceStatsAsync(Guid uuid, string device, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<(int Tag, ulong Value)>> MemoryStatsAsync(Guid uuid, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<Core.Params.TypedParameter> Params)>> AllStatsAsync(IReadOnlyList<Guid>? uuids, uint stats, uint flags, CancellationToken ct) => throw new NotSupportedException();

    // IDomainLifecycle
    public ValueTask<DomainRef> DefineAsync(string xml, DefineFlags flags, CancellationToken ct) => throw new NotSupportedException();

    public ValueTask UndefineAsync(Guid uuid, UndefineFlags flags, CancellationToken ct)
    {
        var d = Get(uuid);
        _domains.TryRemove(uuid, out _);
        Publish(d, LifecycleEventType.Undefined, 0);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<DomainRef> StartAsync(Guid uuid, CreateFlags flags, CancellationToken ct)
    {
        await Change("start", uuid, [DomainState.Shutoff], DomainState.Running, LifecycleEventType.Started);
        if ((flags & CreateFlags.StartPaused) != 0)
            await Change("suspend", uuid, [DomainState.Running], DomainState.Paused, LifecycleEventType.Suspended);
        return LookupByUuid(uuid);
    }

    public ValueTask<DomainRef> CreateTransientAsync(string xml, CreateFlags flags, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask ShutdownAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct) =>
        Change("shutdown", uuid, [DomainState.Running], DomainState.Shutoff, LifecycleEventType.Stopped);
    public ValueTask DestroyAsync(Guid uuid, DestroyFlags flags, CancellationToken ct) =>
        Change("destroy", uuid, [DomainState.Running, DomainState.Paused], DomainState.Shutoff, LifecycleEventType.Stopped);
    public ValueTask RebootAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask ResetAsync(Guid uuid, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask SuspendAsync(Guid uuid, CancellationToken ct) =>
        Change("suspend", uuid, [DomainState.Running], DomainState.Paused, LifecycleEventType.Suspended);
    public ValueTask ResumeAsync(Guid uuid, CancellationToken ct) =>
        Change("resume", uuid, [DomainState.Paused], DomainState.Running, LifecycleEventType.Resumed);
    public ValueTask SetAutostartAsync(Guid uuid, bool autostart, CancellationToken ct) => throw new NotSupportedException();
    public ValueTask<DomainRef> RenameAsync(Guid uuid, string newName, uint flags, CancellationToken ct) => throw new NotSupportedException();

    /// <summary>Simulates the guest crashing (no API call does this).</summary>
    public void Crash(Guid uuid)
    {
        var d = Get(uuid) with { State = DomainState.Crashed };
        _domains[uuid] = d;
        Publish(d, LifecycleEventType.Crashed, 0);
    }
}
