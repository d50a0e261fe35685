using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.State;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Set;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Set;

/// <summary>The SET phases against the in-memory driver: commit acts, undo reverses, errors map to AgentX codes.</summary>
public class SetTransactionsTests
{
    private static readonly Guid A = Guid.Parse("10000000-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("20000000-0000-0000-0000-000000000002");

    private readonly FakeHypervisor _hv = new();
    private readonly GuestTableSource _source;
    private int _changes;

    public SetTransactionsTests()
    {
        _hv.Add("a", A, DomainState.Running, publish: false);
        _hv.Add("b", B, DomainState.Shutoff, publish: false);
        _source = new GuestTableSource([_hv], TimeSpan.FromMinutes(1), NullLogger.Instance);
        _source.Refresh();
    }

    private SetTransactions Sets(bool allow = true, int commitWaitMs = 5000) =>
        new(() => _source.Current, _source.LifecycleOf, allow, TimeSpan.FromMilliseconds(commitWaitMs), () => { _changes++; _source.Refresh(); }, NullLogger.Instance);

    private static VarBind State(Guid g, GuestState s) => VarBind.Integer(LibvirtMib.Cell(GuestColumn.State, LibvirtMib.IndexBytes(g)), (int)s);
    private static VarBind RowStatusOf(Guid g, RowStatus s) => VarBind.Integer(LibvirtMib.Cell(GuestColumn.RowStatus, LibvirtMib.IndexBytes(g)), (int)s);

    [Fact]
    public async Task Test_commit_cleanup_pauses_a_guest_and_refreshes_the_table()
    {
        var sets = Sets();
        Assert.Equal((AgentXError.NoError, (ushort)0), sets.Test(7, [State(A, GuestState.Paused)]));
        Assert.Equal(DomainState.Running, _hv.Get(A).State); // TestSet changes nothing
        Assert.Equal((AgentXError.NoError, (ushort)0), await sets.CommitAsync(7, CancellationToken.None));
        sets.Cleanup(7);
        Assert.Equal(DomainState.Paused, _hv.Get(A).State);
        Assert.Equal(GuestState.Paused, _source.Current.FindRow(A)!.State);
        Assert.Equal(1, _changes);
    }

    [Fact]
    public async Task CreateAndGo_starts_and_destroy_stops()
    {
        var sets = Sets();
        sets.Test(1, [RowStatusOf(B, RowStatus.CreateAndGo)]);
        await sets.CommitAsync(1, CancellationToken.None);
        Assert.Equal(DomainState.Running, _hv.Get(B).State);
        sets.Test(2, [RowStatusOf(A, RowStatus.Destroy)]);
        await sets.CommitAsync(2, CancellationToken.None);
        Assert.Equal(DomainState.Shutoff, _hv.Get(A).State);
        Assert.Equal([$"start {B:D}", $"destroy {A:D}"], _hv.Calls);
    }

    [Fact]
    public async Task Driver_failure_at_commit_is_commitFailed_at_the_varbind()
    {
        var sets = Sets();
        sets.Test(3, [State(A, GuestState.Shutdown)]);
        _hv.FailNextWith = "the guest agent is not responding";
        Assert.Equal((AgentXError.CommitFailed, (ushort)1), await sets.CommitAsync(3, CancellationToken.None));
        Assert.Equal(DomainState.Running, _hv.Get(A).State);
    }

    [Fact]
    public async Task Commit_without_a_successful_test_fails()
    {
        var sets = Sets();
        Assert.Equal(AgentXError.NotWritable, Sets(allow: false).Test(4, [State(A, GuestState.Paused)]).Error);
        Assert.Equal(AgentXError.CommitFailed, (await sets.CommitAsync(4, CancellationToken.None)).Error);
        Assert.Equal(DomainState.Running, _hv.Get(A).State);
    }

    [Fact]
    public async Task Undo_reverses_a_pause_and_a_start()
    {
        var sets = Sets();
        sets.Test(5, [State(A, GuestState.Paused), RowStatusOf(B, RowStatus.CreateAndGo)]);
        Assert.Equal(AgentXError.NoError, (await sets.CommitAsync(5, CancellationToken.None)).Error);
        Assert.Equal((DomainState.Paused, DomainState.Running), (_hv.Get(A).State, _hv.Get(B).State));
        Assert.Equal((AgentXError.NoError, (ushort)0), await sets.UndoAsync(5, CancellationToken.None));
        Assert.Equal((DomainState.Running, DomainState.Shutoff), (_hv.Get(A).State, _hv.Get(B).State));
    }

    [Fact]
    public async Task Undo_of_a_shutdown_is_undoFailed()
    {
        var sets = Sets();
        sets.Test(6, [State(A, GuestState.Shutdown)]);
        await sets.CommitAsync(6, CancellationToken.None);
        Assert.Equal((AgentXError.UndoFailed, (ushort)1), await sets.UndoAsync(6, CancellationToken.None));
    }

    [Fact]
    public async Task A_slow_action_is_answered_within_the_wait_and_completes_afterwards()
    {
        var sets = Sets(commitWaitMs: 50);
        _hv.ActionDelay = TimeSpan.FromMilliseconds(1500);
        sets.Test(8, [RowStatusOf(B, RowStatus.CreateAndGo)]);
        Assert.Equal(AgentXError.NoError, (await sets.CommitAsync(8, CancellationToken.None)).Error);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_source.Current.FindRow(B)!.State != GuestState.Running && DateTime.UtcNow < deadline)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal(GuestState.Running, _source.Current.FindRow(B)!.State);
    }
}
