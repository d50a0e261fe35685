using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;

namespace Vireo.Snmp.Set;

/// <summary>
/// The four SET phases of one AgentX session (RFC 2741 §7.2.4), keyed by transactionID. TestSet only
/// validates against the snapshot; CommitSet runs the guest actions through the driver's lifecycle
/// interface; UndoSet reverses what it can; CleanupSet forgets the transaction.
/// </summary>
public sealed class SetTransactions
{
    private readonly Func<GuestTableSnapshot> _table;
    private readonly Func<Guid, IDomainLifecycle?> _lifecycleOf;
    private readonly bool _allowSet;
    private readonly TimeSpan _commitWait;
    private readonly Action _changed;
    private readonly ILogger _log;
    private readonly Dictionary<uint, Transaction> _pending = [];
    private readonly Lock _gate = new();

    private sealed class Transaction(SetPlan plan)
    {
        public SetPlan Plan { get; } = plan;
        public List<PlannedAction> Done { get; } = [];
    }

    /// <param name="commitWait">
    /// How long CommitSet waits for the actions before answering. The master gives up after its
    /// agentXTimeout (1 s by default), so this stays below it; an action still running then (a guest
    /// that takes long to start) is answered noError and completes in the background, its failure logged.
    /// </param>
    public SetTransactions(Func<GuestTableSnapshot> table, Func<Guid, IDomainLifecycle?> lifecycleOf, bool allowSet,
        TimeSpan commitWait, Action changed, ILogger log)
    {
        _table = table;
        _lifecycleOf = lifecycleOf;
        _allowSet = allowSet;
        _commitWait = commitWait;
        _changed = changed;
        _log = log;
    }

    public (AgentXError Error, ushort Index) Test(uint transactionId, IReadOnlyList<VarBind> varBinds)
    {
        var plan = SetValidator.Validate(varBinds, _table(), _allowSet);
        if (plan.Ok)
            lock (_gate) _pending[transactionId] = new Transaction(plan);
        return (plan.Error, plan.Index);
    }

    public async ValueTask<(AgentXError Error, ushort Index)> CommitAsync(uint transactionId, CancellationToken ct)
    {
        Transaction? tx;
        lock (_gate) _pending.TryGetValue(transactionId, out tx);
        if (tx is null) return (AgentXError.CommitFailed, 0); // CommitSet without a successful TestSet
        // The actions themselves are not cancelled with the session: a guest half-started because snmpd
        // went away would help no one. Only the wait for them is.
        var run = RunActionsAsync(tx, CancellationToken.None);
        try
        {
            var result = await run.WaitAsync(_commitWait, ct).ConfigureAwait(false);
            _changed();
            return result;
        }
        catch (TimeoutException)
        {
            _log.LogInformation("SNMP SET transaction {Tid} is still running after {Wait} ms; answering the master now and finishing in the background.",
                transactionId, _commitWait.TotalMilliseconds);
            _ = run.ContinueWith(_ => _changed(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return (AgentXError.NoError, 0);
        }
    }

    private async Task<(AgentXError, ushort)> RunActionsAsync(Transaction tx, CancellationToken ct)
    {
        foreach (var a in tx.Plan.Actions)
        {
            var lifecycle = _lifecycleOf(a.Uuid);
            try
            {
                if (lifecycle is null) throw new InvalidOperationException($"Guest '{a.Name}' ({a.Uuid:D}) no longer exists.");
                await Apply(lifecycle, a.Uuid, a.Action, ct).ConfigureAwait(false);
                _log.LogInformation("SNMP SET: {Action} of guest '{Name}' done.", a.Action, a.Name);
                lock (_gate) tx.Done.Add(a);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _log.LogWarning(e, "SNMP SET: {Action} of guest '{Name}' failed: {Message}", a.Action, a.Name, e.Message);
                return (AgentXError.CommitFailed, a.VarBindIndex);
            }
        }
        return (AgentXError.NoError, 0);
    }

    /// <summary>Reverses the committed actions, newest first. A shutdown or destroy cannot be undone: undoFailed.</summary>
    public async ValueTask<(AgentXError Error, ushort Index)> UndoAsync(uint transactionId, CancellationToken ct)
    {
        Transaction? tx;
        lock (_gate) _pending.TryGetValue(transactionId, out tx);
        if (tx is null) return (AgentXError.NoError, 0);
        PlannedAction[] done;
        lock (_gate) done = [.. tx.Done];
        for (int i = done.Length - 1; i >= 0; i--)
        {
            var a = done[i];
            GuestAction? reverse = a.Action switch
            {
                GuestAction.Suspend => GuestAction.Resume,
                GuestAction.Resume => GuestAction.Suspend,
                GuestAction.Start or GuestAction.StartPaused => GuestAction.Destroy,
                _ => null,
            };
            var lifecycle = _lifecycleOf(a.Uuid);
            if (reverse is null || lifecycle is null) return (AgentXError.UndoFailed, a.VarBindIndex);
            try
            {
                await Apply(lifecycle, a.Uuid, reverse.Value, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _log.LogWarning(e, "SNMP SET undo of {Action} on guest '{Name}' failed: {Message}", a.Action, a.Name, e.Message);
                return (AgentXError.UndoFailed, a.VarBindIndex);
            }
        }
        _changed();
        return (AgentXError.NoError, 0);
    }

    public void Cleanup(uint transactionId)
    {
        lock (_gate) _pending.Remove(transactionId);
    }

    private static ValueTask Apply(IDomainLifecycle lifecycle, Guid uuid, GuestAction action, CancellationToken ct) => action switch
    {
        GuestAction.Suspend => lifecycle.SuspendAsync(uuid, ct),
        GuestAction.Resume => lifecycle.ResumeAsync(uuid, ct),
        GuestAction.Shutdown => lifecycle.ShutdownAsync(uuid, ShutdownFlags.Default, ct),
        GuestAction.Start => AsVoid(lifecycle.StartAsync(uuid, CreateFlags.None, ct)),
        GuestAction.StartPaused => AsVoid(lifecycle.StartAsync(uuid, CreateFlags.StartPaused, ct)),
        GuestAction.Destroy => lifecycle.DestroyAsync(uuid, DestroyFlags.Default, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static async ValueTask AsVoid<T>(ValueTask<T> t) => await t.ConfigureAwait(false);
}
