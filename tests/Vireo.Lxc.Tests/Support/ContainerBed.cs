using System.Diagnostics;
using System.Text;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Lxc.Driver;
using Vireo.Platform;
using Vireo.Platform.Cgroups;
using Vireo.Platform.Files;

namespace Vireo.Lxc.Tests.Support;

/// <summary>
/// One test's world: a temp directory with its own state layout and rootfs copy, a real LxcDriver on
/// it, and checks that nothing is left behind (no process, cgroup, mount or veth) when it ends.
/// </summary>
public sealed class ContainerBed : IAsyncDisposable
{
    private readonly RootfsFixture _rootfs;
    private readonly List<(string Name, Guid Uuid)> _started = [];

    public ContainerBed(RootfsFixture rootfs, Func<LxcDriverOptions, LxcDriverOptions>? configure = null)
    {
        BusyboxRootfs.Require(rootfs.Error);
        _rootfs = rootfs;
        Dir = Directory.CreateTempSubdirectory("vlx").FullName;
        Layout = DirectoryLayout.Under(Dir);
        Options = new LxcDriverOptions { Layout = Layout, ShutdownTimeout = TimeSpan.FromSeconds(2) };
        if (configure is not null) Options = configure(Options);
        Driver = new LxcDriver(Options);
        Subscription = Driver.Events.Subscribe();
        Suffix = Guid.NewGuid().ToString("N")[..6];
    }

    public string Dir { get; }
    public DirectoryLayout Layout { get; }
    public LxcDriverOptions Options { get; }
    public LxcDriver Driver { get; private set; }
    public DomainEventBus.Subscription Subscription { get; private set; }

    /// <summary>Appended to container names so parallel tests never share a cgroup.</summary>
    public string Suffix { get; }

    public IDomainTuning Tuning => Driver.Feature<IDomainTuning>()!;
    public IDomainNamespaces Namespaces => Driver.Feature<IDomainNamespaces>()!;

    public async Task InitializeAsync() => await Driver.StartAsync(CancellationToken.None);

    /// <summary>A private copy of the busybox root.</summary>
    public string NewRootfs(string name = "rootfs")
    {
        var dest = Path.Combine(Dir, name);
        Run("cp", "-a", _rootfs.Rootfs, dest);
        return dest;
    }

    public static string Xml(string name, string root, string init = "/bin/sh", IEnumerable<string>? args = null,
        string os = "", string devices = "", string extra = "", int memoryMiB = 64)
    {
        var sb = new StringBuilder();
        sb.Append($"<domain type='lxc'><name>{name}</name><memory unit='MiB'>{memoryMiB}</memory><vcpu>1</vcpu>{extra}");
        sb.Append($"<os><type>exe</type><init>{init}</init>");
        foreach (var a in args ?? []) sb.Append($"<initarg>{System.Security.SecurityElement.Escape(a)}</initarg>");
        sb.Append(os).Append("</os><devices>");
        sb.Append($"<filesystem type='mount'><source dir='{root}'/><target dir='/'/></filesystem>");
        sb.Append(devices).Append("<console type='pty'/></devices></domain>");
        return sb.ToString();
    }

    public async Task<DomainRef> DefineAndStartAsync(string xml)
    {
        var dom = await Driver.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None);
        _started.Add((dom.Name, dom.Uuid));
        return await Driver.Lifecycle.StartAsync(dom.Uuid, CreateFlags.None, CancellationToken.None);
    }

    public async Task<ContainerExecResult> ExecAsync(Guid uuid, params string[] command) =>
        await Namespaces.ExecAsync(uuid, command, ReadOnlyMemory<byte>.Empty, null, CancellationToken.None);

    public async Task<string> ShAsync(Guid uuid, string script)
    {
        var r = await ExecAsync(uuid, "/bin/sh", "-c", script);
        Assert.True(r.ExitCode == 0, $"'{script}' exited {r.ExitCode}: {r.StderrText}");
        return r.StdoutText;
    }

    public static Task WaitForAsync(Func<bool> condition, string what, double seconds = 20) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), what);

    /// <summary>
    /// Waits until host process <paramref name="pid"/> runs sleep. A test's init writes its marker and then
    /// execs sleep; between the two (and inside execve, where /proc/PID/cmdline reads empty) it is not sleep yet.
    /// </summary>
    public static Task WaitForSleepAsync(int pid, string what) =>
        WaitForAsync(() => ReadCmdline(pid).StartsWith("sleep\0", StringComparison.Ordinal), what);

    private static string ReadCmdline(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return ""; }
    }

    /// <summary>The next lifecycle event of the given type for the domain (earlier ones are skipped).</summary>
    public async Task<LifecycleEvent> NextEventAsync(Guid uuid, LifecycleEventType type, double seconds = 20)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var e = await Subscription.Reader.ReadAsync(cts.Token);
            if (e is LifecycleEvent l && l.Domain.Uuid == uuid && l.Type == type) return l;
        }
    }

    /// <summary>Simulates a vireod restart: drop the driver (containers keep running), build a new one on the same state.</summary>
    public async Task RestartDriverAsync()
    {
        Subscription.Dispose();
        await Driver.DisposeAsync();
        Driver = new LxcDriver(Options);
        Subscription = Driver.Events.Subscribe();
        await Driver.StartAsync(CancellationToken.None);
    }

    /// <summary>The host directory of the container's group in one v1 controller (or the v2 group).</summary>
    public string CgroupDir(string name, string controller = "memory")
    {
        var layout = Options.CgroupLayout;
        var rel = $"{Cgroups.MachineParent}/lxc-{name}";
        return layout.PreferredVersion == CgroupVersion.V2 ? Path.Combine(layout.UnifiedMount!, rel) : Path.Combine(layout.V1Mounts[controller], rel);
    }

    /// <summary>The container's group directories that exist, in every v1 hierarchy and the unified one.</summary>
    public List<string> CgroupsOf(string name)
    {
        var layout = Options.CgroupLayout;
        return layout.V1Mounts.Values.Append(layout.UnifiedMount).OfType<string>().Distinct()
            .Select(m => Path.Combine(m, Cgroups.MachineParent, $"lxc-{name}")).Where(Directory.Exists).ToList();
    }

    /// <summary>Every trace a container could leave on the host.</summary>
    public void AssertNothingLeft(string name, Guid uuid)
    {
        Assert.True(CgroupsOf(name) is [], $"cgroup of {name} left: {string.Join(", ", CgroupsOf(name))}");
        Assert.DoesNotContain(Dir, File.ReadAllText("/proc/self/mountinfo"));
        Assert.Empty(ProcessesOf(uuid));
        Assert.DoesNotContain($"vlx{uuid.ToString("N")[..8]}", File.ReadAllText("/proc/net/dev"));
        // The run directory keeps only the logs: no status file to reconnect from, no plan, socket or exit status.
        var runDir = Layout.DomainRunDir("lxc", name);
        foreach (var file in new[] { "status.xml", "plan", "console.sock", "exit" })
            Assert.False(File.Exists(Path.Combine(runDir, file)), $"run file {file} of {name} left in {runDir}");
    }

    /// <summary>Processes whose environment says they belong to the container (init and its children) or helpers of this bed.</summary>
    public List<int> ProcessesOf(Guid uuid)
    {
        var mark = Encoding.UTF8.GetBytes($"LIBVIRT_LXC_UUID={uuid:D}");
        var runDir = Encoding.UTF8.GetBytes(Dir);
        var found = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllBytes(Path.Combine(d, "environ")).AsSpan().IndexOf(mark) >= 0 ||
                    File.ReadAllBytes(Path.Combine(d, "cmdline")).AsSpan().IndexOf(runDir) >= 0)
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static void Run(string exe, params string[] args) => Output(exe, args);

    /// <summary>Runs a host command and returns its stdout; throws with its stderr when it fails.</summary>
    public static string Output(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed: {errTask.Result}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        // Every container still running, including those a client (virsh, python) started and a failed
        // test left behind: a disposed driver lets containers run on, and nothing would stop them.
        var active = Driver.Domains.List(ListFlags.Active).Select(d => d.Ref.Uuid).Union(_started.Select(s => s.Uuid));
        foreach (var uuid in active)
        {
            try
            {
                if (Driver.Domains.State(uuid).State != DomainState.Shutoff)
                    await Driver.Lifecycle.DestroyAsync(uuid, DestroyFlags.Default, CancellationToken.None);
            }
            catch (Vireo.Core.Errors.VirException) { }
        }
        Subscription.Dispose();
        await Driver.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }
}
