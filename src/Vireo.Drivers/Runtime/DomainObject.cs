using Vireo.Core.Domain;
using Vireo.Core.State;

namespace Vireo.Drivers.Runtime;

/// <summary>
/// A domain known to a driver: its definitions and its runtime state. Definitions are immutable records
/// swapped whole; state is a small record swapped whole, so readers always see a consistent snapshot
/// without locks. Only the holder of <see cref="Job"/> changes anything.
/// </summary>
public sealed class DomainObject
{
    private volatile DomainDef? _persistent;
    private volatile DomainDef? _live;
    private volatile RuntimeSnapshot _runtime;

    public DomainObject(DomainDef persistent, bool persistentDefined)
    {
        Uuid = persistent.Uuid;
        _persistent = persistentDefined ? persistent : null;
        _live = persistentDefined ? null : persistent;
        _runtime = new RuntimeSnapshot(StateWithReason.Of(ShutoffReason.Unknown), -1, false);
    }

    public Guid Uuid { get; }

    /// <summary>The name of the running definition if active, else of the persistent one.</summary>
    public string Name => (_live ?? _persistent)!.Name;

    /// <summary>The saved configuration; null for a transient domain.</summary>
    public DomainDef? Persistent { get => _persistent; set => _persistent = value; }

    /// <summary>The definition the running guest was started with (plus live changes); null when inactive.</summary>
    public DomainDef? Live { get => _live; set => _live = value; }

    /// <summary>Live when active, else persistent: what "dumpxml" shows by default.</summary>
    public DomainDef Current => (_live ?? _persistent)!;

    public bool IsPersistent => _persistent is not null;

    public RuntimeSnapshot Runtime => _runtime;

    public StateWithReason State => _runtime.State;
    public int Id => _runtime.Id;
    public bool IsActive => _runtime.Id != -1;
    public bool Autostart => _runtime.Autostart;

    public DomainRef Ref => new(Name, Uuid, _runtime.Id);

    public DomainJob Job { get; } = new();

    /// <summary>Driver-specific runtime handle (QEMU process and monitor, container helper, ...).</summary>
    public object? Handle { get; set; }

    public void SetState(StateWithReason state) => _runtime = _runtime with { State = state };

    public void SetActive(int id, StateWithReason state) => SetRuntime(_runtime with { Id = id, State = state });

    public void SetInactive(StateWithReason state) => SetRuntime(_runtime with { Id = -1, State = state });

    public void SetAutostart(bool on) => _runtime = _runtime with { Autostart = on };

    /// <summary>
    /// How long calls to the guest's agent wait, as virDomainAgentSetResponseTimeout sets it: seconds, or
    /// <see cref="AgentTimeouts.Block"/> (-2), <see cref="AgentTimeouts.Default"/> (-1), <see cref="AgentTimeouts.NoWait"/> (0).
    /// Kept with the domain, not its definition, as libvirt keeps it: it outlives a guest's run while the daemon
    /// runs and is saved in a running guest's status, but is not part of the XML.
    /// </summary>
    public int AgentTimeout { get; set; } = AgentTimeouts.Default;

    private Contracts.CompletedJob? _completedJob;

    /// <summary>
    /// The statistics of the domain's last finished long job (save, managedsave, backup), kept as libvirt keeps them:
    /// across the guest's stop and next start, while the daemon runs, until read without KEEP_COMPLETED.
    /// </summary>
    public Contracts.CompletedJob? CompletedJob => Volatile.Read(ref _completedJob);

    public void RecordCompletedJob(Contracts.CompletedJob job) => Volatile.Write(ref _completedJob, job);

    /// <summary>The last finished job's statistics, forgotten as they are read (a read without KEEP_COMPLETED).</summary>
    public Contracts.CompletedJob? TakeCompletedJob() => Interlocked.Exchange(ref _completedJob, null);

    /// <summary>Told (with the old id) when the id changes, so the registry's id index follows it.</summary>
    internal Action<DomainObject, int>? IdChanged { get; set; }

    private void SetRuntime(RuntimeSnapshot next)
    {
        var old = _runtime.Id;
        _runtime = next;
        if (old != next.Id) IdChanged?.Invoke(this, old);
    }

    /// <summary>Everything about the running state that readers need, replaced as one value.</summary>
    public sealed record RuntimeSnapshot(StateWithReason State, int Id, bool Autostart);
}

/// <summary>virDomainAgentResponseTimeoutValues.</summary>
public static class AgentTimeouts
{
    public const int Block = -2, Default = -1, NoWait = 0;
}
