// Boot benchmark: QEMU guests started and destroyed through Vireo's QEMU driver (in process, embedded
// mode) against the same guest run by hand with raw qemu-system-x86_64. A benchmark, not a test: it
// measures and prints, it asserts nothing. Runs are interleaved so machine noise hits both sides alike.
//
//   Vireo.Bench.Boot RUNS KIT_DIR
//
// Per run and side:
//   start    - raw: spawn QEMU with -S, connect QMP, qmp_capabilities, attach to the serial socket, 'cont'
//              (the least any manager must do to start a guest with its console from power-on);
//              vireo: IDomainLifecycle.StartAsync of a defined domain (returns with the guest running).
//   marker   - from the start call to the guest's VIREO-GUEST-READY line on the serial console.
//   destroy  - raw: SIGTERM and wait for the exit; vireo: IDomainLifecycle.DestroyAsync (returns with
//              the domain shut off and its files cleaned up).
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Qmp;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var kit = args.Length > 1 ? args[1] : "/var/lib/vireo/images";
if (runs < 5) throw new ArgumentException("Use at least 5 runs: the machine is noisy and the medians need them.");
var demoXml = File.ReadAllText(Path.Combine(kit, "demo.xml"));
var root = Directory.CreateTempSubdirectory("vbb-").FullName;
var samples = new Dictionary<string, List<double>>();
void Add(string key, double seconds) => (samples.TryGetValue(key, out var l) ? l : samples[key] = []).Add(seconds);

await using (var driver = new QemuDriver(QemuDriverPaths.Under(root)))
{
    await driver.StartAsync(CancellationToken.None);
    var dom = await driver.Lifecycle.DefineAsync(demoXml.Replace("<name>demo</name>", "<name>bench-boot</name>"), DefineFlags.None, CancellationToken.None);
    for (int i = 1; i <= runs; i++)
    {
        await RawAsync(kit, root, i);
        await VireoAsync(driver, dom.Uuid);
        Console.Error.WriteLine($"run {i}/{runs} done");
    }
    await driver.Lifecycle.UndefineAsync(dom.Uuid, UndefineFlags.None, CancellationToken.None);
}
Directory.Delete(root, recursive: true);

Console.WriteLine($"boot benchmark, {runs} runs, TCG, demo guest from {kit}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"{"metric",-22} {"raw qemu median",16} {"vireo median",14} {"vireo - raw",12} {"ratio",7}");
foreach (var metric in new[] { "start", "marker", "destroy" })
{
    double raw = Median(samples[$"raw.{metric}"]), vir = Median(samples[$"vireo.{metric}"]);
    Console.WriteLine($"{metric,-22} {raw,15:0.000}s {vir,13:0.000}s {vir - raw,11:0.000}s {vir / raw,7:0.00}");
}
Console.WriteLine();
foreach (var (key, values) in samples.OrderBy(kv => kv.Key))
    Console.WriteLine($"{key,-16} [{string.Join(", ", values.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}]");
return;

async Task RawAsync(string kitDir, string dir, int run)
{
    var qmpPath = Path.Combine(dir, $"raw{run}.qmp");
    var serialPath = Path.Combine(dir, $"raw{run}.ser");
    var sw = Stopwatch.StartNew();
    var qemu = await ProcessSpawner.SpawnAsync(new SpawnOptions
    {
        Executable = "/usr/bin/qemu-system-x86_64",
        Arguments =
        [
            "-machine", "pc,graphics=off", "-accel", "tcg", "-m", "256", "-smp", "1", "-nodefaults", "-no-user-config",
            "-display", "none", "-S", "-no-shutdown",
            "-qmp", $"unix:{qmpPath},server=on,wait=off",
            "-chardev", $"socket,id=ser0,path={serialPath},server=on,wait=off", "-serial", "chardev:ser0",
            "-kernel", Path.Combine(kitDir, "vmlinuz-cloud"), "-initrd", Path.Combine(kitDir, "initrd-cloud.cpio.gz"),
            "-append", "console=ttyS0",
        ],
        OutputLogPath = Path.Combine(dir, $"raw{run}.log"),
    });
    await using var qmp = await QmpClient.ConnectAsync(qmpPath, new QmpClientOptions { AbandonWhen = qemu.Exited });
    using var serial = await UnixSocket.ConnectAsync(serialPath, TimeSpan.FromSeconds(10), qemu.Exited);
    await qmp.ExecuteAsync(QmpCommands.Cont());
    Add("raw.start", sw.Elapsed.TotalSeconds);
    await WaitForMarkerAsync(async buffer => await serial.ReceiveAsync(buffer, SocketFlags.None));
    Add("raw.marker", sw.Elapsed.TotalSeconds);
    var destroy = Stopwatch.StartNew();
    await qemu.TerminateAsync(TimeSpan.FromSeconds(10));
    Add("raw.destroy", destroy.Elapsed.TotalSeconds);
    qemu.Dispose();
}

async Task VireoAsync(QemuDriver driver, Guid uuid)
{
    var sw = Stopwatch.StartNew();
    await driver.Lifecycle.StartAsync(uuid, CreateFlags.None, CancellationToken.None);
    Add("vireo.start", sw.Elapsed.TotalSeconds);
    await using (var console = await driver.Consoles.OpenAsync(uuid, null, replayHistory: true, CancellationToken.None))
    {
        await WaitForMarkerAsync(async buffer =>
        {
            var chunk = await console.ReadAsync(CancellationToken.None);
            chunk.CopyTo(buffer);
            return chunk.Length;
        });
    }
    Add("vireo.marker", sw.Elapsed.TotalSeconds);
    var destroy = Stopwatch.StartNew();
    await driver.Lifecycle.DestroyAsync(uuid, DestroyFlags.Default, CancellationToken.None);
    Add("vireo.destroy", destroy.Elapsed.TotalSeconds);
}

static async Task WaitForMarkerAsync(Func<Memory<byte>, Task<int>> read)
{
    var seen = new StringBuilder();
    var buffer = new byte[65536];
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
    while (!seen.ToString().Contains("VIREO-GUEST-READY uptime=", StringComparison.Ordinal) || !seen.ToString().Contains('\n', StringComparison.Ordinal))
    {
        int n = await read(buffer);
        if (n == 0 || DateTime.UtcNow > deadline) throw new IOException("The guest never printed its marker.");
        seen.Append(Encoding.Latin1.GetString(buffer, 0, n));
        var text = seen.ToString();
        int at = text.IndexOf("VIREO-GUEST-READY uptime=", StringComparison.Ordinal);
        if (at >= 0 && text.IndexOf('\n', at) > 0) return;
    }
}

static double Median(List<double> v)
{
    var s = v.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}
