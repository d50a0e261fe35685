using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Session;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Session;

/// <summary>The subagent started before any master exists keeps retrying, then registers and catches up.</summary>
public sealed class AbsentMasterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subagent_started_before_the_master_registers_once_it_appears_and_sends_what_it_queued()
    {
        using var dir = new TempDir();
        var hv = new FakeHypervisor();
        var uuid = Guid.Parse("30000000-0000-0000-0000-000000000003");
        hv.Add("early", uuid, DomainState.Shutoff, publish: false);
        var options = SnmpOptions.Parse("unix:" + dir.File("later.sock")) with
        {
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        };
        var source = new GuestTableSource([hv], TimeSpan.FromSeconds(30), NullLogger.Instance);
        var subagent = new AgentXSubagent(options, source, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(source.RunAsync(stop.Token), subagent.RunAsync(stop.Token));
        try
        {
            // Several connection attempts fail (no socket); meanwhile a guest starts.
            await NetSnmp.PollAsync(() => source.Current.RowCount == 1, "the first snapshot", Ct);
            await hv.StartAsync(uuid, CreateFlags.None, Ct);
            Assert.Equal(0, subagent.SessionsEstablished);

            await using var master = new FakeMaster(dir.File("later.sock"));
            await master.AcceptAsync(Ct);
            Assert.True(await master.Registered.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            Assert.True(await master.Notified.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            Assert.Equal(new GuestNotification(uuid, "early", GuestState.Running, RowStatus.Active).ToVarBinds(),
                Assert.Single(master.Notifications).VarBinds);
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
