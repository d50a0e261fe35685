using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Integration;

/// <summary>
/// The whole chain with real components: a TCG guest run by Vireo's QEMU driver, the subagent inside the
/// hosting service, Debian's snmpd as AgentX master and snmptrapd as trap sink. The guest boots no OS
/// (SeaBIOS finds no boot device and waits), which is all the table needs: a running QEMU process.
/// </summary>
public sealed class RealGuestSnmpTests
{
    private const string Entry = ".1.3.6.1.4.1.36957.1.1.1";
    private const string Qemu = "/usr/bin/qemu-system-x86_64";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DomainXml(string name, Guid uuid) => $"""
        <domain type='qemu'>
          <name>{name}</name>
          <uuid>{uuid:D}</uuid>
          <memory unit='MiB'>96</memory>
          <currentMemory unit='MiB'>96</currentMemory>
          <vcpu>2</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
          </os>
          <on_poweroff>destroy</on_poweroff>
          <devices>
            <emulator>{Qemu}</emulator>
          </devices>
        </domain>
        """;

    [Fact]
    public async Task Snmp_shows_a_running_tcg_guest_and_traps_its_start_and_destroy()
    {
        var missing = NetSnmp.Missing() ?? (File.Exists(Qemu) ? null : $"{Qemu} is not installed (Debian package qemu-system-x86).");
        MachineSetUp.RequireNothingMissing(missing);

        using var root = new TempDir("vsnmpq");
        var driver = new QemuDriver(QemuDriverPaths.Under(root.Path), new QemuDriverOptions(), NullLogger.Instance);
        await driver.StartAsync(Ct);
        await using var snmp = await NetSnmp.StartAsync(Ct);
        var options = SnmpOptions.Parse("unix:" + snmp.AgentXSocket) with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(100) };
        using var service = new SnmpSubagentService(options, [driver], NullLogger<SnmpSubagentService>.Instance);
        await service.StartAsync(Ct);

        var uuid = Guid.NewGuid();
        var name = "snmp-" + uuid.ToString("N")[..8];
        var index = string.Join('.', LibvirtMib.IndexBytes(uuid));
        Task<NetSnmp.ToolResult> Get(params string[] oids) => snmp.RunAsync("snmpget", "public", ["-On"], oids, Ct);
        Task<NetSnmp.ToolResult> AwaitState(int state) =>
            NetSnmp.PollAsync(() => Get($"{Entry}.3.{index}"), r => r.Stdout.Contains($"= INTEGER: {state}"), $"guest state {state} over SNMP", Ct);
        try
        {
            await NetSnmp.PollAsync(() => service.Subagent.SessionsEstablished > 0, "the subagent to register", Ct);
            await driver.Lifecycle.DefineAsync(DomainXml(name, uuid), DefineFlags.None, Ct);
            await AwaitState(5);

            await driver.Lifecycle.StartAsync(uuid, CreateFlags.None, Ct);
            await AwaitState(1);
            var cells = await Get($"{Entry}.2.{index}", $"{Entry}.4.{index}", $"{Entry}.5.{index}", $"{Entry}.6.{index}", $"{Entry}.9.{index}");
            Assert.Equal(
            [
                $"{Entry}.2.{index} = STRING: \"{name}\"",
                $"{Entry}.4.{index} = Gauge32: 2",
                $"{Entry}.5.{index} = Gauge32: 96",
                $"{Entry}.6.{index} = Gauge32: 96",
                $"{Entry}.9.{index} = INTEGER: 1",
            ], cells.Lines);
            var walk = await snmp.RunAsync("snmpbulkwalk", "public", ["-On", "-Cr10"], [$"{Entry}.7"], Ct);
            Assert.Contains(walk.Lines, l => l.StartsWith($"{Entry}.7.{index} = Counter64: ", StringComparison.Ordinal));
            await AwaitTrap(snmp, name, state: 1, rowStatus: 1);

            await driver.Lifecycle.DestroyAsync(uuid, DestroyFlags.Default, Ct);
            await AwaitState(5);
            await AwaitTrap(snmp, name, state: 5, rowStatus: 2);
        }
        finally
        {
            if (driver.Domains.List(ListFlags.Active).Any(d => d.Ref.Uuid == uuid))
                await driver.Lifecycle.DestroyAsync(uuid, DestroyFlags.Default, CancellationToken.None);
            await service.StopAsync(CancellationToken.None);
            await driver.DisposeAsync();
        }
    }

    private static Task AwaitTrap(NetSnmp snmp, string name, int state, int rowStatus) =>
        NetSnmp.PollAsync(() => snmp.TrapLogText().Split('\n').Any(l =>
                l.Contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.36957.0.1", StringComparison.Ordinal)
                && l.Contains($"{Entry}.2.0 = STRING: \"{name}\"", StringComparison.Ordinal)
                && l.Contains($"{Entry}.3.0 = INTEGER: {state}", StringComparison.Ordinal)
                && l.Contains($"{Entry}.9.0 = INTEGER: {rowStatus}", StringComparison.Ordinal)),
            $"snmptrapd to log {name} with state {state}", Ct);
}
