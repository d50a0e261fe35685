// Container start/destroy timings: Vireo's driver in-process and through virsh against our RPC server,
// a bare `unshare ... chroot ROOT init` (the floor), and libvirt-lxc through virsh when a libvirtd
// socket is given. Every variant runs the same init, which writes a marker file and then sleeps; "start"
// is measured until the marker exists, polled the same way (a thread checking it from t0) for all.
// One warm-up round (JIT, page cache, first cgroup and namespace creation) runs first and is not
// recorded; the variants' order rotates from run to run. Prints JSON lines, then medians and ratios.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vireo.Drivers.Contracts;
using Vireo.Lxc;
using Vireo.Lxc.Driver;
using Vireo.Platform.Files;
using Vireo.Rpc.Server;

var opts = Args.Parse(args);
var pressureAtStart = CpuPressure();
var results = new Dictionary<string, List<double>>();
bool warmUp = true;
void Record(string key, double seconds)
{
    if (!warmUp) (results.TryGetValue(key, out var l) ? l : results[key] = []).Add(seconds);
}

var root = opts.Rootfs;
var marker = Path.Combine(root, "tmp", "marker");
const string InitScript = "echo up > /tmp/marker; exec sleep 100000";
var work = Directory.CreateTempSubdirectory("vlxbench").FullName;

await using var driver = new LxcDriver(new LxcDriverOptions { Layout = opts.Layout(work) }, opts.Trace ? new StderrLogger() : null);
await driver.StartAsync(CancellationToken.None);
await using var server = new RpcServer([driver]);
var socket = Path.Combine(work, "sock");
server.ListenUnix(socket);
var xml = $"<domain type='lxc'><name>bench-ct</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init>" +
          $"<initarg>-c</initarg><initarg>{InitScript}</initarg></os><devices><filesystem type='mount'><source dir='{root}'/>" +
          "<target dir='/'/></filesystem><console type='pty'/></devices></domain>";
var dom = await driver.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None);
File.WriteAllText(Path.Combine(work, "lxc.xml"), xml.Replace("bench-ct", "bench-lv"));

var uri = $"lxc+unix:///?socket={socket}";
if (opts.LibvirtUri is { } lvDefine) Virsh(lvDefine, "define", Path.Combine(work, "lxc.xml"));

// Vireo, in-process API (what vireod does for any client). The marker is watched from t0 on another
// thread, so "start to marker" is when init ran, whether or not the call has returned by then.
async Task VireoApi()
{
    File.Delete(marker);
    var sw = Stopwatch.StartNew();
    var seen = Task.Factory.StartNew(() => { WaitFor(marker); return sw.Elapsed.TotalSeconds; }, TaskCreationOptions.LongRunning);
    await driver.Lifecycle.StartAsync(dom.Uuid, CreateFlags.None, CancellationToken.None);
    Record("vireo_api_start_returned", sw.Elapsed.TotalSeconds);
    Record("vireo_api_start_to_marker", await seen);
    sw.Restart();
    await driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
    Record("vireo_api_destroy", sw.Elapsed.TotalSeconds);
}

// A container through stock virsh: Vireo's (our RPC server) or libvirt-lxc's (the libvirtd the script started).
async Task ThroughVirsh(string keyPrefix, string connection, string name)
{
    Record($"{keyPrefix}_hostname", Time(() => Virsh(connection, "hostname")));
    File.Delete(marker);
    var sw = Stopwatch.StartNew();
    var seen = Task.Factory.StartNew(() => { WaitFor(marker); return sw.Elapsed.TotalSeconds; }, TaskCreationOptions.LongRunning);
    Virsh(connection, "start", name);
    Record($"{keyPrefix}_start", sw.Elapsed.TotalSeconds);
    Record($"{keyPrefix}_start_to_marker", await seen);
    Record($"{keyPrefix}_destroy", Time(() => Virsh(connection, "destroy", name)));
}

// The floor: the same namespaces and init with nothing else.
Task Floor()
{
    File.Delete(marker);
    var sw = Stopwatch.StartNew();
    var floor = Process.Start(new ProcessStartInfo("unshare", ["--fork", "--pid", "--mount", "--uts", "--ipc", "--net", "--cgroup", "--mount-proc", "--kill-child",
        "chroot", root, "/bin/sh", "-c", InitScript]))!;
    WaitFor(marker);
    Record("floor_start_to_marker", sw.Elapsed.TotalSeconds);
    var child = int.Parse(File.ReadAllText($"/proc/{floor.Id}/task/{floor.Id}/children").Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    sw.Restart();
    using (var init = Process.GetProcessById(child)) init.Kill();
    floor.WaitForExit();
    Record("floor_destroy", sw.Elapsed.TotalSeconds);
    return Task.CompletedTask;
}

var variants = new List<Func<Task>> { VireoApi, () => ThroughVirsh("vireo_virsh", uri, "bench-ct"), Floor };
if (opts.LibvirtUri is { } lvUri) variants.Add(() => ThroughVirsh("libvirt_virsh", lvUri, "bench-lv"));
for (int run = -1; run < opts.Runs; run++)
{
    warmUp = run < 0;
    // The order rotates run by run, so every variant follows every other one equally often: what the one
    // before leaves behind (libvirt-lxc's teardown, a destroyed container's cgroups) weighs on all alike.
    int first = Math.Max(run, 0) % variants.Count;
    for (int i = 0; i < variants.Count; i++)
        await variants[(first + i) % variants.Count]();
    if (!warmUp) Console.WriteLine(JsonSerializer.Serialize(results.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value[^1], 4))));
}
if (opts.LibvirtUri is { } lvu) Virsh(lvu, "undefine", "bench-lv");
await driver.Lifecycle.UndefineAsync(dom.Uuid, UndefineFlags.None, CancellationToken.None);

static double Median(List<double> v)
{
    var s = v.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}
Console.WriteLine();
// Every number here is latency through the scheduler: on a shared 2-core host it moves with the load.
Console.WriteLine($"CPU pressure (/proc/pressure/cpu 'some' avg60, % of time some task waited for a CPU): {pressureAtStart} at start, {CpuPressure()} at end");
Console.WriteLine($"MEDIANS over {opts.Runs} runs (seconds):");
foreach (var (k, v) in results) Console.WriteLine($"  {k,-32} {Median(v):F4}   [{string.Join(", ", v.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}]");
double M(string k) => Median(results[k]);
Console.WriteLine();
Console.WriteLine("RATIOS:");
Console.WriteLine($"  vireo API start->marker / floor start->marker   {M("vireo_api_start_to_marker") / M("floor_start_to_marker"):F2} (target <= 1.5)");
// The fastest run of each waited least for a CPU: closest to what the steps themselves cost.
Console.WriteLine($"  same, fastest run of each                       {results["vireo_api_start_to_marker"].Min() / results["floor_start_to_marker"].Min():F2}");
Console.WriteLine($"  vireo virsh start->marker / floor start->marker {M("vireo_virsh_start_to_marker") / M("floor_start_to_marker"):F2} (includes virsh's own start-up and connection; see vireo_virsh_hostname)");
Console.WriteLine($"  vireo API destroy                               {M("vireo_api_destroy"):F4} s (target < 0.1 s)");
Console.WriteLine($"  vireo virsh destroy                             {M("vireo_virsh_destroy"):F4} s");
if (results.ContainsKey("libvirt_virsh_start"))
{
    Console.WriteLine($"  vireo virsh start / libvirt virsh start         {M("vireo_virsh_start") / M("libvirt_virsh_start"):F2}");
    Console.WriteLine($"  vireo virsh start->marker / libvirt             {M("vireo_virsh_start_to_marker") / M("libvirt_virsh_start_to_marker"):F2}");
    Console.WriteLine($"  vireo virsh destroy / libvirt virsh destroy     {M("vireo_virsh_destroy") / M("libvirt_virsh_destroy"):F3}");
}
else Console.WriteLine("  libvirt-lxc: not measured (no libvirtd socket given)");
try { Directory.Delete(work, recursive: true); } catch (IOException) { }

static string CpuPressure()
{
    try
    {
        var some = File.ReadLines("/proc/pressure/cpu").First().Split(' ');
        return some.First(f => f.StartsWith("avg60=", StringComparison.Ordinal))[6..] + "%";
    }
    catch (IOException) { return "unknown"; }
}

static void WaitFor(string path)
{
    var deadline = Stopwatch.StartNew();
    while (!File.Exists(path))
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{path} did not appear");
        Thread.Sleep(1);
    }
}

static double Time(Action a)
{
    var sw = Stopwatch.StartNew();
    a();
    return sw.Elapsed.TotalSeconds;
}

static void Virsh(string uri, params string[] a)
{
    var psi = new ProcessStartInfo("virsh", ["-c", uri, .. a]) { RedirectStandardOutput = true, RedirectStandardError = true };
    psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
    using var p = Process.Start(psi)!;
    var err = p.StandardError.ReadToEndAsync();
    p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"virsh {string.Join(' ', a)} failed: {err.Result}");
}

/// <summary>--trace: the driver's debug lines (per-start phase timings) on stderr.</summary>
sealed class StderrLogger : Microsoft.Extensions.Logging.ILogger<LxcDriver>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? e, Func<TState, Exception?, string> format) =>
        Console.Error.WriteLine($"[{level}] {format(state, e)}");
}

sealed record Args(string Rootfs, int Runs, string? LibvirtUri, bool Trace, string? RunDir)
{
    /// <summary>State under the work dir; the run directory (helper sockets, status) where --rundir says, as /run/vireo is for vireod.</summary>
    public DirectoryLayout Layout(string work)
    {
        var under = DirectoryLayout.Under(work);
        return RunDir is null ? under : under with { RunDir = Path.Combine(RunDir, Path.GetFileName(work)) };
    }

    public static Args Parse(string[] a)
    {
        string? rootfs = null, lv = null, runDir = null;
        bool trace = false;
        int runs = 7;
        for (int i = 0; i < a.Length; i++)
        {
            switch (a[i])
            {
                case "--rootfs": rootfs = a[++i]; break;
                case "--runs": runs = int.Parse(a[++i], CultureInfo.InvariantCulture); break;
                case "--libvirt": lv = a[++i]; break;
                case "--trace": trace = true; break;
                case "--rundir": runDir = a[++i]; break;
                default: throw new ArgumentException($"unknown argument {a[i]}");
            }
        }
        return new Args(rootfs ?? throw new ArgumentException("--rootfs DIR is required"), Math.Max(runs, 5), lv, trace, runDir);
    }
}
