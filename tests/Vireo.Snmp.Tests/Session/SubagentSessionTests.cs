using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.State;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Session;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Session;

/// <summary>
/// The subagent against a scripted master on a real Unix socket: the whole session protocol, GetBulk and
/// UndoSet (which net-snmp's master never sends), malformed requests, and reconnecting after a drop.
/// </summary>
public sealed class SubagentSessionTests : IAsyncLifetime
{
    private static readonly Guid Web = Guid.Parse("4ac85f3c-9f18-e091-d940-50be09db6d17");
    private static readonly Guid Db = Guid.Parse("6f1c2a90-1b2c-4d3e-8f90-a1b2c3d4e5f6");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDir _dir = new();
    private readonly FakeHypervisor _hv = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeMaster _master = null!;
    private GuestTableSource _source = null!;
    private AgentXSubagent _subagent = null!;
    private Task _running = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        _hv.Add("web", Web, DomainState.Running, cpus: 2, memoryKiB: 1048576, maxMemoryKiB: 2097152, cpuTimeNs: 5_000_000_000, publish: false);
        _hv.Add("db", Db, DomainState.Shutoff, publish: false);
        _master = new FakeMaster(_dir.File("master.sock"));
        var options = SnmpOptions.Parse("unix:" + _master.Path, allowSet: true) with
        {
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            SetCommitWait = TimeSpan.FromSeconds(5),
        };
        _source = new GuestTableSource([_hv], TimeSpan.FromSeconds(30), NullLogger.Instance);
        _subagent = new AgentXSubagent(options, _source, NullLogger.Instance);
        var sourceTask = _source.RunAsync(_stop.Token);
        var subagentTask = _subagent.RunAsync(_stop.Token);
        _running = Task.WhenAll(sourceTask, subagentTask);
        await _master.AcceptAsync(Ct);
        Assert.True(await _master.Registered.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await NetSnmp.PollAsync(() => _subagent.SessionsEstablished == 1, "the subagent to see its registration answered", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
        await _master.DisposeAsync();
        _dir.Dispose();
    }

    private static Oid Cell(GuestColumn c, Guid g) => LibvirtMib.Cell(c, LibvirtMib.IndexBytes(g));

    [Fact]
    public async Task Opens_with_our_identity_and_registers_the_guest_table()
    {
        var open = Assert.Single(_master.Opens);
        Assert.Equal(LibvirtMib.Root, open.Id);
        Assert.Equal("Vireo virtualization manager", System.Text.Encoding.UTF8.GetString(open.Description));
        var reg = Assert.Single(_master.Registrations);
        Assert.Equal(".1.3.6.1.4.1.36957.1.1", reg.Subtree.ToString());
        Assert.Equal(127, reg.Priority);
        Assert.Equal(_master.SessionId, reg.Header.SessionId);
    }

    [Fact]
    public async Task Get_and_GetNext_answer_from_the_table()
    {
        var get = await _master.RequestAsync(h => new GetPdu(h, [new SearchRange(Cell(GuestColumn.MemoryCurrent, Web), Oid.Null), new SearchRange(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.1.2.3"), Oid.Null)]), Ct);
        Assert.Equal(AgentXError.NoError, get.Error);
        Assert.Equal([VarBind.Gauge32(Cell(GuestColumn.MemoryCurrent, Web), 1024), VarBind.NoSuchInstance(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.1.2.3"))], get.VarBinds);

        var next = await _master.RequestAsync(h => new GetNextPdu(h, [new SearchRange(LibvirtMib.GuestTable, Oid.Parse("1.3.6.1.4.1.36957.1.2"), true)]), Ct);
        Assert.Equal(VarBind.OctetString(Cell(GuestColumn.Name, Web), "web"), Assert.Single(next.VarBinds));
    }

    [Fact]
    public async Task GetBulk_walks_in_one_request()
    {
        var r = await _master.RequestAsync(h => new GetBulkPdu(h, 0, 20, [new SearchRange(LibvirtMib.GuestEntry.Append((uint)GuestColumn.CpuTime), Oid.Parse("1.3.6.1.4.1.36957.1.2"))]), Ct);
        Assert.Equal(
        [
            VarBind.Counter64(Cell(GuestColumn.CpuTime, Web), 5_000_000_000),
            VarBind.Counter64(Cell(GuestColumn.CpuTime, Db), 0),
            VarBind.Integer(Cell(GuestColumn.RowStatus, Web), 1),
            VarBind.Integer(Cell(GuestColumn.RowStatus, Db), 1),
            VarBind.EndOfMibView(Cell(GuestColumn.RowStatus, Db)),
        ], r.VarBinds);
    }

    [Fact]
    public async Task Set_phases_pause_a_guest_send_a_notification_and_undo_resumes_it()
    {
        uint tid = _master.NewTransaction();
        var test = await _master.RequestAsync(h => new TestSetPdu(h, [VarBind.Integer(Cell(GuestColumn.State, Web), 3)]), Ct, tid);
        Assert.Equal(AgentXError.NoError, test.Error);
        Assert.Equal(tid, test.Header.TransactionId);
        var commit = await _master.RequestAsync(h => new CommitSetPdu(h), Ct, tid);
        Assert.Equal(AgentXError.NoError, commit.Error);
        Assert.Equal(DomainState.Paused, _hv.Get(Web).State);

        Assert.True(await _master.Notified.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var n = Assert.Single(_master.Notifications);
        Assert.Equal(new GuestNotification(Web, "web", GuestState.Paused, RowStatus.Active).ToVarBinds(), n.VarBinds);

        var undo = await _master.RequestAsync(h => new UndoSetPdu(h), Ct, tid);
        Assert.Equal(AgentXError.NoError, undo.Error);
        Assert.Equal(DomainState.Running, _hv.Get(Web).State);
        await _master.SendAsync(h => new CleanupSetPdu(h), tid, Ct);

        // CleanupSet is never answered: the next request's Response is the next thing we receive.
        var ping = await _master.RequestAsync(h => new GetPdu(h, [new SearchRange(Cell(GuestColumn.Name, Db), Oid.Null)]), Ct);
        Assert.Equal("db"u8.ToArray(), Assert.Single(ping.VarBinds).Bytes);
        Assert.Empty(_master.StrayResponses);
    }

    [Fact]
    public async Task Bad_sets_get_agentx_error_codes()
    {
        var readOnly = await _master.RequestAsync(h => new TestSetPdu(h, [VarBind.OctetString(Cell(GuestColumn.Name, Web), "x")]), Ct);
        Assert.Equal((AgentXError.NotWritable, (ushort)1), (readOnly.Error, readOnly.Index));
        var illegal = await _master.RequestAsync(h => new TestSetPdu(h, [VarBind.Integer(Cell(GuestColumn.State, Web), 1), VarBind.Integer(Cell(GuestColumn.State, Db), 3)]), Ct);
        Assert.Equal((AgentXError.InconsistentValue, (ushort)1), (illegal.Error, illegal.Index));
        var wrong = await _master.RequestAsync(h => new TestSetPdu(h, [VarBind.Integer(Cell(GuestColumn.RowStatus, Db), 5)]), Ct);
        Assert.Equal((AgentXError.WrongValue, (ushort)1), (wrong.Error, wrong.Index));
    }

    [Fact]
    public async Task Lifecycle_events_become_notifications_and_table_updates()
    {
        await _hv.StartAsync(Db, Vireo.Drivers.Contracts.CreateFlags.None, Ct);
        _hv.Crash(Db);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_master.Notifications.Count < 2 && DateTime.UtcNow < deadline)
            await _master.Notified.WaitAsync(TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(
        [
            new GuestNotification(Db, "db", GuestState.Running, RowStatus.Active).ToVarBinds(),
            new GuestNotification(Db, "db", GuestState.Crashed, RowStatus.NotInService).ToVarBinds(),
        ], _master.Notifications.Select(n => n.VarBinds));

        VarBind state;
        do state = Assert.Single((await _master.RequestAsync(h => new GetPdu(h, [new SearchRange(Cell(GuestColumn.State, Db), Oid.Null)]), Ct)).VarBinds);
        while (state.IntegerValue != (int)GuestState.Crashed && DateTime.UtcNow < deadline);
        Assert.Equal((int)GuestState.Crashed, state.IntegerValue);
    }

    [Fact]
    public async Task Malformed_request_gets_parseError_and_the_session_goes_on()
    {
        // A GetNext whose start OID claims 9 sub-identifiers but carries 1.
        var bad = Hex.Bytes($"01061000 {_master.SessionId:x8} 00000063 00000064 00000008 09040000 00000001");
        var r = await _master.SendRawAsync(bad, 0x64, Ct);
        Assert.Equal(AgentXError.ParseError, r.Error);
        Assert.Equal(0x63u, r.Header.TransactionId);
        var get = await _master.RequestAsync(h => new GetPdu(h, [new SearchRange(Cell(GuestColumn.Name, Web), Oid.Null)]), Ct);
        Assert.Equal("web"u8.ToArray(), Assert.Single(get.VarBinds).Bytes);
    }

    [Fact]
    public async Task Little_endian_requests_are_understood()
    {
        var le = PduCodec.Encode(new GetPdu(new PduHeader(_master.SessionId, 77, 78), [new SearchRange(Cell(GuestColumn.CpuCount, Web), Oid.Null)]), bigEndian: false);
        var r = await _master.SendRawAsync(le, 78, Ct);
        Assert.Equal(VarBind.Gauge32(Cell(GuestColumn.CpuCount, Web), 2), Assert.Single(r.VarBinds));
    }

    [Fact]
    public async Task After_the_master_drops_the_connection_the_subagent_reconnects_and_registers_again()
    {
        await _master.DropAsync();
        await _master.AcceptAsync(Ct);
        Assert.True(await _master.Registered.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(2, _master.Registrations.Count);
        await NetSnmp.PollAsync(() => _subagent.SessionsEstablished == 2, "the subagent to count its second session", Ct);
        var get = await _master.RequestAsync(h => new GetPdu(h, [new SearchRange(Cell(GuestColumn.Name, Web), Oid.Null)]), Ct);
        Assert.Equal("web"u8.ToArray(), Assert.Single(get.VarBinds).Bytes);
    }

    [Fact]
    public async Task Shutdown_sends_close_with_reason_shutdown()
    {
        await _stop.CancelAsync();
        Assert.True(await _master.ClosedBySubagent.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(CloseReason.Shutdown, Assert.Single(_master.Closes).Reason);
    }
}
