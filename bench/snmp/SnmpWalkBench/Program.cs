// Walk time of the guest table through real snmpd, against snmpd's default AgentX timeout.
//
//   dotnet run -c Release --project bench/snmp/SnmpWalkBench -- [guests=1000]
//
// Defines N guests in the in-memory driver, runs the subagent against a private snmpd (AgentX master on
// loopback), then times snmpwalk and snmpbulkwalk over the table with numeric OIDs, and the subagent's
// own answer path (GetNext from the snapshot) in-process. Prints ratios; asserts nothing.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.State;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Tests.Support;

int guests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
const double AgentXTimeoutSeconds = 1.0; // snmpd.conf(5): agentXTimeout default
const int AgentXRetries = 5;             // agentXRetries default
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var ct = cts.Token;

if (NetSnmp.Missing() is { } missing) { Console.Error.WriteLine(missing); return 2; }

var hv = new FakeHypervisor();
var rng = new Random(36957);
for (int i = 0; i < guests; i++)
{
    var bytes = new byte[16];
    rng.NextBytes(bytes);
    var state = (i % 3) switch { 0 => DomainState.Running, 1 => DomainState.Paused, _ => DomainState.Shutoff };
    hv.Add($"bench-{i:D4}", new Guid(bytes, bigEndian: true), state, cpus: 1 + i % 8, memoryKiB: 262144UL * (1 + (ulong)(i % 16)),
        maxMemoryKiB: 4194304, cpuTimeNs: (ulong)i * 1_000_000_007UL, publish: false);
}

await using var snmp = await NetSnmp.StartAsync(ct);
var options = SnmpOptions.Parse("unix:" + snmp.AgentXSocket) with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(100) };
using var service = new SnmpSubagentService(options, [hv], NullLogger<SnmpSubagentService>.Instance);
await service.StartAsync(ct);
await NetSnmp.PollAsync(() => service.Subagent.SessionsEstablished > 0 && service.Source.Current.RowCount == guests, "the subagent to register", ct);

const string Table = ".1.3.6.1.4.1.36957.1.1";
int cells = guests * GuestTableSnapshot.ServedColumns.Length;

async Task<(double Seconds, int Lines)> Time(string tool, params string[] options)
{
    var sw = Stopwatch.StartNew();
    var r = await snmp.RunAsync(tool, "public", ["-On", .. options], [Table], ct);
    sw.Stop();
    if (r.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {r}");
    return (sw.Elapsed.TotalSeconds, r.Lines.Count(l => l.StartsWith(Table, StringComparison.Ordinal)));
}

await Time("snmpwalk"); // warm-up: JIT, snmpd's caches
var walk = await Time("snmpwalk");
var bulk = await Time("snmpbulkwalk", "-Cr50");

// The subagent's side of one request: a GetNext answered from the snapshot, as snmpd's walk sends them.
var table = service.Source.Current;
var latencies = new List<double>(cells);
var range = new SearchRange(LibvirtMib.GuestTable, Oid.Parse(".1.3.6.1.4.1.36957.1.2"), true);
var total = Stopwatch.StartNew();
while (true)
{
    var t0 = Stopwatch.GetTimestamp();
    var vb = table.GetNext(range);
    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
    if (vb.Type == VarBindType.EndOfMibView) break;
    range = range with { Start = vb.Name, Include = false };
}
total.Stop();
latencies.Sort();
double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];

await service.StopAsync(CancellationToken.None);

Console.WriteLine($"guests {guests}, table cells {cells}");
Console.WriteLine($"snmpwalk      {walk.Lines,6} cells in {walk.Seconds,7:F3} s  ({walk.Seconds / Math.Max(1, walk.Lines) * 1000:F3} ms per GetNext round trip)");
Console.WriteLine($"snmpbulkwalk  {bulk.Lines,6} cells in {bulk.Seconds,7:F3} s  (-Cr50; snmpd turns GETBULK into AgentX GetNext)");
Console.WriteLine($"subagent GetNext from snapshot: {latencies.Count} answers in {total.Elapsed.TotalMilliseconds:F1} ms, p50 {P(0.5) * 1000:F1} us, p99 {P(0.99) * 1000:F1} us, max {latencies[^1] * 1000:F1} us");
Console.WriteLine($"ratio: slowest subagent answer / agentXTimeout ({AgentXTimeoutSeconds:F0} s) = {latencies[^1] / 1000 / AgentXTimeoutSeconds:E2}");
Console.WriteLine($"ratio: whole snmpwalk / agentXTimeout = {walk.Seconds / AgentXTimeoutSeconds:F3}; / (timeout x (1 + {AgentXRetries} retries)) = {walk.Seconds / (AgentXTimeoutSeconds * (1 + AgentXRetries)):F3}");
return 0;
