using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Integration;

/// <summary>
/// The subagent inside the hosting service, with Debian's real snmpd as AgentX master on loopback and
/// snmptrapd as trap sink, driven by snmpwalk/snmpget/snmpbulkwalk/snmpset with numeric OIDs.
/// The guests come from the in-memory driver; the real-QEMU test is RealGuestSnmpTests.
/// </summary>
public sealed class SnmpdIntegrationTests
{
    private const string Base = ".1.3.6.1.4.1.36957";
    private const string Entry = Base + ".1.1.1";
    private static readonly Guid Alpha = Guid.Parse("4ac85f3c-9f18-e091-d940-50be09db6d17");
    private static readonly Guid Beta = Guid.Parse("6f1c2a90-1b2c-4d3e-8f90-a1b2c3d4e5f6");
    private const string AlphaIndex = "74.200.95.60.159.24.224.145.217.64.80.190.9.219.109.23";
    private const string BetaIndex = "111.28.42.144.27.44.77.62.143.144.161.178.195.212.229.246";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Rig : IAsyncDisposable
    {
        public required NetSnmp Snmp { get; init; }
        public required FakeHypervisor Hv { get; init; }
        public required SnmpSubagentService Service { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Service.StopAsync(CancellationToken.None);
            Service.Dispose();
            await Snmp.DisposeAsync();
        }

        public Task<NetSnmp.ToolResult> Get(params string[] oids) => Snmp.RunAsync("snmpget", "public", ["-On"], oids, Ct);

        /// <summary>Waits until snmpd routes our subtree to the subagent (registration is asynchronous).</summary>
        public Task<NetSnmp.ToolResult> AwaitValue(string oid, string expected) =>
            NetSnmp.PollAsync(() => Get(oid), r => r.Stdout.Contains(expected), $"snmpget {oid} to show '{expected}'", Ct);
    }

    private static async Task<Rig> StartRig(bool allowSet)
    {
        var missing = NetSnmp.Missing();
        MachineSetUp.RequireNothingMissing(missing);
        var hv = new FakeHypervisor();
        hv.Add("vm-alpha", Alpha, DomainState.Running, cpus: 2, memoryKiB: 1048576, maxMemoryKiB: 2097152, cpuTimeNs: 123456789012, publish: false);
        hv.Add("vm-beta", Beta, DomainState.Shutoff, cpus: 1, memoryKiB: 0, maxMemoryKiB: 524288, publish: false);
        var snmp = await NetSnmp.StartAsync(Ct);
        var options = SnmpOptions.Parse("unix:" + snmp.AgentXSocket, allowSet) with
        {
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        var service = new SnmpSubagentService(options, [hv], NullLogger<SnmpSubagentService>.Instance);
        await service.StartAsync(Ct);
        var rig = new Rig { Snmp = snmp, Hv = hv, Service = service };
        await rig.AwaitValue($"{Entry}.2.{AlphaIndex}", "\"vm-alpha\"");
        return rig;
    }

    [Fact]
    public async Task Walk_get_and_bulkwalk_show_the_guest_table()
    {
        await using var rig = await StartRig(allowSet: false);

        var walk = await rig.Snmp.RunAsync("snmpwalk", "public", ["-On"], [Base], Ct);
        Assert.Equal(14, walk.Lines.Count(l => l.StartsWith(Entry + ".", StringComparison.Ordinal))); // 7 columns x 2 guests
        Assert.Equal(
        [
            $"{Entry}.2.{AlphaIndex} = STRING: \"vm-alpha\"",
            $"{Entry}.2.{BetaIndex} = STRING: \"vm-beta\"",
            $"{Entry}.3.{AlphaIndex} = INTEGER: 1",
            $"{Entry}.3.{BetaIndex} = INTEGER: 5",
            $"{Entry}.4.{AlphaIndex} = Gauge32: 2",
            $"{Entry}.4.{BetaIndex} = Gauge32: 1",
            $"{Entry}.5.{AlphaIndex} = Gauge32: 1024",
            $"{Entry}.5.{BetaIndex} = Gauge32: 0",
            $"{Entry}.6.{AlphaIndex} = Gauge32: 2048",
            $"{Entry}.6.{BetaIndex} = Gauge32: 512",
            $"{Entry}.7.{AlphaIndex} = Counter64: 123456789012",
            $"{Entry}.7.{BetaIndex} = Counter64: 0",
            $"{Entry}.9.{AlphaIndex} = INTEGER: 1",
            $"{Entry}.9.{BetaIndex} = INTEGER: 1",
        ], walk.Lines.Where(l => l.StartsWith(Base, StringComparison.Ordinal)));

        var bulk = await rig.Snmp.RunAsync("snmpbulkwalk", "public", ["-On", "-Cr5"], [Entry + ".3"], Ct);
        Assert.Equal([$"{Entry}.3.{AlphaIndex} = INTEGER: 1", $"{Entry}.3.{BetaIndex} = INTEGER: 5"], bulk.Lines);

        // With the shipped MIB (and placeholders for the IETF base modules Debian lacks) the same walk has names.
        var named = await rig.Snmp.RunAsync("snmpwalk", "public", ["-M", MibFileTests.MibPath, "-m", "LIBVIRT-MIB", "-Ob"], [Entry + ".3"], Ct);
        Assert.Equal([$"LIBVIRT-MIB::libvirtGuestState.{AlphaIndex} = INTEGER: running(1)", $"LIBVIRT-MIB::libvirtGuestState.{BetaIndex} = INTEGER: shutoff(5)"], named.Lines);

        var get = await rig.Get($"{Entry}.5.{AlphaIndex}", $"{Entry}.3.1.2.3");
        Assert.Equal($"{Entry}.5.{AlphaIndex} = Gauge32: 1024", get.Lines[0]);
        Assert.Contains("No Such Instance", get.Lines[1]);

        // SET is off by default: even the read-write community gets notWritable from the subagent.
        var set = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.3.{AlphaIndex}", "i", "3"], Ct);
        Assert.Contains("notWritable", set.Stdout + set.Stderr);
        Assert.Equal(DomainState.Running, rig.Hv.Get(Alpha).State);
    }

    [Fact]
    public async Task Snmptrapd_logs_the_notification_when_a_guest_starts_and_is_destroyed()
    {
        await using var rig = await StartRig(allowSet: false);
        await rig.Hv.StartAsync(Beta, CreateFlags.None, Ct);
        var started = await AwaitTrap(rig, "vm-beta", state: 1, rowStatus: 1);
        Assert.Contains($"{Entry}.1.0 = Hex-STRING: 6F 1C 2A 90 1B 2C 4D 3E 8F 90 A1 B2 C3 D4 E5 F6", started);
        Assert.Contains(".1.3.6.1.2.1.1.3.0 = Timeticks:", started); // snmpd inserts its sysUpTime.0

        await rig.Hv.DestroyAsync(Beta, DestroyFlags.Default, Ct);
        await AwaitTrap(rig, "vm-beta", state: 5, rowStatus: 2);
        await rig.AwaitValue($"{Entry}.3.{BetaIndex}", "INTEGER: 5");
    }

    /// <summary>Polls snmptrapd's log for a libvirtGuestNotif with these values and returns its line.</summary>
    private static async Task<string> AwaitTrap(Rig rig, string name, int state, int rowStatus)
    {
        string? found = null;
        await NetSnmp.PollAsync(() =>
        {
            found = rig.Snmp.TrapLogText().Split('\n').FirstOrDefault(l =>
                l.Contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.36957.0.1", StringComparison.Ordinal)
                && l.Contains($"{Entry}.2.0 = STRING: \"{name}\"", StringComparison.Ordinal)
                && l.Contains($"{Entry}.3.0 = INTEGER: {state}", StringComparison.Ordinal)
                && l.Contains($"{Entry}.9.0 = INTEGER: {rowStatus}", StringComparison.Ordinal));
            return found is not null;
        }, $"a trap for {name} with state {state}", Ct);
        return found!;
    }

    [Fact]
    public async Task Snmpset_changes_guest_state_when_enabled_with_proper_errors()
    {
        await using var rig = await StartRig(allowSet: true);

        var ro = await rig.Snmp.RunAsync("snmpset", "public", [], [$"{Entry}.3.{AlphaIndex}", "i", "3"], Ct);
        Assert.Contains("noAccess", ro.Stdout + ro.Stderr); // snmpd's VACM refuses before it reaches us

        var ok = await rig.Snmp.RunAsync("snmpset", "private", ["-On"], [$"{Entry}.3.{AlphaIndex}", "i", "3"], Ct);
        Assert.Equal($"{Entry}.3.{AlphaIndex} = INTEGER: 3", ok.Stdout.Trim());
        Assert.Equal(DomainState.Paused, rig.Hv.Get(Alpha).State);
        await rig.AwaitValue($"{Entry}.3.{AlphaIndex}", "INTEGER: 3");
        await AwaitTrap(rig, "vm-alpha", state: 3, rowStatus: 1);

        var illegal = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.3.{BetaIndex}", "i", "3"], Ct);
        Assert.Contains("inconsistentValue", illegal.Stdout + illegal.Stderr);
        var readOnly = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.2.{AlphaIndex}", "s", "x"], Ct);
        Assert.Contains("notWritable", readOnly.Stdout + readOnly.Stderr);
        var badValue = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.9.{BetaIndex}", "i", "5"], Ct);
        Assert.Contains("wrongValue", badValue.Stdout + badValue.Stderr);
        var unknown = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.3.1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16", "i", "3"], Ct);
        Assert.Contains("inconsistentName", unknown.Stdout + unknown.Stderr);

        var start = await rig.Snmp.RunAsync("snmpset", "private", ["-On"], [$"{Entry}.9.{BetaIndex}", "i", "4"], Ct);
        Assert.Equal($"{Entry}.9.{BetaIndex} = INTEGER: 4", start.Stdout.Trim());
        Assert.Equal(DomainState.Running, rig.Hv.Get(Beta).State);
        await rig.AwaitValue($"{Entry}.3.{BetaIndex}", "INTEGER: 1");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_snmpd_restarts_the_subagent_registers_again_by_itself_and_delivers_what_happened_meanwhile(bool killed)
    {
        await using var rig = await StartRig(allowSet: false);
        int sessionsBefore = rig.Service.Subagent.SessionsEstablished;

        await rig.Snmp.StopSnmpdAsync(crash: killed, Ct);
        await rig.Hv.StartAsync(Beta, CreateFlags.None, Ct); // happens while the master is gone
        await rig.Snmp.StartSnmpdAsync(Ct);

        await rig.AwaitValue($"{Entry}.3.{BetaIndex}", "INTEGER: 1");
        Assert.True(rig.Service.Subagent.SessionsEstablished > sessionsBefore);
        await AwaitTrap(rig, "vm-beta", state: 1, rowStatus: 1);
    }
}
