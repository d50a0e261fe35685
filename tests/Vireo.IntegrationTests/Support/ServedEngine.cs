using System.Text.Json.Nodes;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Qmp;
using Vireo.Rpc.Server;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// vireod's composition (Vireo.Hosting: the driver and libvirt's RPC server with every feature's
/// procedures) on a private root, listening on a temp Unix socket: stock virsh, python-libvirt and vireo
/// talk to it with qemu+unix:///system?socket=PATH (lxc+unix:///?socket=PATH for containers). The test
/// also reaches the driver directly, to read consoles and ask QEMU (QMP) what it really runs, and reads
/// every log line the engine wrote (<see cref="Logs"/>). Disposing destroys every guest it started and
/// removes the root.
/// </summary>
internal sealed class ServedEngine : IAsyncDisposable
{
    private readonly EmbeddedEngine _engine;

    private ServedEngine(TempRoot root, EmbeddedEngine engine, string socket, string uri, LogLines logs)
    {
        Root = root;
        _engine = engine;
        Socket = socket;
        Uri = uri;
        Logs = logs;
    }

    public TempRoot Root { get; }
    public string RootPath => Root.Path;
    public string Socket { get; }
    public string Uri { get; }
    public LogLines Logs { get; }
    public VireoServer Server => _engine.Server;
    public RpcServer Rpc => _engine.Server.Rpc;
    public IHypervisorDriver Driver => _engine.Server.Drivers[0];
    public QemuDriver Qemu => (QemuDriver)Driver;
    public QemuDriverPaths Paths => Qemu.Paths;

    /// <summary>The QEMU driver, served.</summary>
    public static Task<ServedEngine> StartAsync() => StartAsync(DriverKind.Qemu);

    public static Task<ServedEngine> StartAsync(DriverKind kind) => StartAsync(kind, null);

    /// <summary>The QEMU driver, served, with the network driver managing bridges in a namespace the test owns.</summary>
    public static Task<ServedEngine> StartWithNetworkNamespaceAsync(string netns) => StartAsync(DriverKind.Qemu, netns);

    private static async Task<ServedEngine> StartAsync(DriverKind kind, string? networkNamespace)
    {
        var (canonical, uriPrefix) = kind switch
        {
            DriverKind.Qemu => ("qemu:///system", "qemu+unix:///system"),
            DriverKind.Lxc => ("lxc:///", "lxc+unix:///"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only the QEMU and container drivers are served on a root"),
        };
        // Tests press the power button only after the guest is ready, so a long retry is fine.
        var options = kind == DriverKind.Qemu
            ? new DriverSetOptions { Qemu = new QemuDriverOptions { ShutdownRetryAfter = TimeSpan.FromSeconds(15), CapsCacheDirectory = SharedCaps.Path }, NetworkNamespace = networkNamespace }
            : null;
        var root = new TempRoot();
        try
        {
            var logs = new LogLines();
            var engine = await EmbeddedEngine.StartAsync(kind, root.Path, canonical, logs, options, CancellationToken.None);
            var socket = Path.Combine(root.Path, "sock");
            await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], CancellationToken.None);
            return new ServedEngine(root, engine, socket, $"{uriPrefix}?socket={socket}", logs);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Also listens on a read-only socket (libvirt's libvirt-sock-ro) next to the read-write one; returns its URI.</summary>
    public async Task<string> ListenReadOnlyAsync()
    {
        var ro = Path.Combine(RootPath, "sock-ro");
        await Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        return Uri.Replace(Socket, ro, StringComparison.Ordinal);
    }

    /// <summary>Writes a file under the root (virsh define reads files) and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(RootPath, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Debian's virsh against this server.</summary>
    public Task<ProgramResult> VirshAsync(params string[] args) => ProcessRunner.RunAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>virsh, failing the test with its output unless it succeeds; returns what it printed.</summary>
    public async Task<string> VirshOkAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>virsh that must fail; returns its error output.</summary>
    public async Task<string> VirshFailsAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode != 0, $"virsh {string.Join(' ', args)} should have failed: {r}");
        return r.Stderr;
    }

    /// <summary>vireo (its own entry point, in this process) against the same server, stdin empty.</summary>
    public Task<ProgramResult> VireoAsync(params string[] args) => InProcessVireo.RunAsync(Uri, "", args);

    public Task<string> VireoOkAsync(params string[] args) => InProcessVireo.OkAsync(Uri, args);

    /// <summary>virsh and vireo both fail with exactly this error output (each "error: ..." line).</summary>
    public async Task BothRefuseAsync(string expected, params string[] args)
    {
        Assert.Equal(expected, (await VirshFailsAsync(args)).Trim());
        var vireo = await VireoAsync(args);
        Assert.Equal((1, expected), (vireo.ExitCode, vireo.Stderr.Trim()));
    }

    /// <summary>
    /// The same command through Debian's virsh and through vireo on one URI (this server's read-write socket unless
    /// given): exit status, stdout and stderr must be identical. Returns what virsh did.
    /// </summary>
    public Task<ProgramResult> SameFromBothAsync(params string[] args) => SameFromBothOnAsync(Uri, args);

    public async Task<ProgramResult> SameFromBothOnAsync(string uri, params string[] args)
    {
        var virsh = await ProcessRunner.RunAsync("virsh", ["-c", uri, .. args]);
        var vireo = await InProcessVireo.RunAsync(uri, "", args);
        Assert.True(virsh == vireo, $"{string.Join(' ', args)}\nvirsh: {virsh}\nvireo: {vireo}");
        return virsh;
    }

    /// <summary>python-libvirt (Debian's, in /usr/bin/python3) on this server with d bound to the domain; what it printed.</summary>
    public async Task<string> PythonAsync(string domain, string code)
    {
        var script = $"import libvirt\nc = libvirt.open('{Uri}')\nd = c.lookupByName('{domain}')\n{code}\n";
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script]);
        Assert.True(r.ExitCode == 0, $"python3: {r}");
        return r.Stdout;
    }

    /// <summary>Runs the same command through virsh and vireo; both must succeed.</summary>
    public async Task<(string Virsh, string Vireo)> BothOkAsync(params string[] args)
    {
        var v = await VirshAsync(args);
        Assert.True(v.ExitCode == 0, $"virsh {string.Join(' ', args)}: {v}");
        var o = await VireoAsync(args);
        Assert.True(o.ExitCode == 0, $"vireo {string.Join(' ', args)}: {o}");
        return (v.Stdout, o.Stdout);
    }

    /// <summary>Runs the same command through virsh and vireo: exit status and output must be the same byte for byte (error lines trimmed).</summary>
    public async Task VireoPrintsWhatVirshPrintsAsync(params string[] args)
    {
        var virsh = await VirshAsync(args);
        var vireo = await VireoAsync(args);
        Assert.True((virsh.ExitCode, virsh.Stdout, virsh.Stderr.Trim()) == (vireo.ExitCode, vireo.Stdout, vireo.Stderr.Trim()),
            $"{string.Join(' ', args)}\n--- virsh: {virsh.ExitCode} {Quoted(virsh.Stdout)} {Quoted(virsh.Stderr)}\n--- vireo: {vireo.ExitCode} {Quoted(vireo.Stdout)} {Quoted(vireo.Stderr)}");
        static string Quoted(string s) => System.Text.Json.JsonSerializer.Serialize(s);
    }

    /// <summary>Defines the demo guest (named, edited) through the driver and starts it.</summary>
    public async Task<DomainRef> DefineAndStartAsync(string name, Func<string, string>? edit = null)
    {
        var d = await Driver.Lifecycle.DefineAsync(DemoKit.DomainXml(name, edit), DefineFlags.None, CancellationToken.None);
        return await Driver.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None);
    }

    /// <summary>Defines and starts the demo guest under a fresh name; returns the name.</summary>
    public async Task<string> StartGuestAsync(string prefix, Func<string, string>? edit = null)
    {
        var name = DemoKit.UniqueName(prefix);
        await DefineAndStartAsync(name, edit);
        return name;
    }

    /// <summary>Defines the demo guest under a fresh name without starting it; returns the name.</summary>
    public async Task<string> DefineGuestAsync(string prefix, Func<string, string>? edit = null)
    {
        var name = DemoKit.UniqueName(prefix);
        await Driver.Lifecycle.DefineAsync(DemoKit.DomainXml(name, edit), DefineFlags.None, CancellationToken.None);
        return name;
    }

    /// <summary>Defines the demo guest (named, edited) through virsh, which reads the XML from a file under the root.</summary>
    public async Task VirshDefineAsync(string name, Func<string, string>? edit = null) =>
        await VirshOkAsync("define", WriteFile($"{name}.xml", DemoKit.DomainXml(name, edit)));

    /// <summary>The running guest's console from power-on (the engine keeps the history).</summary>
    public async Task<ConsoleReader> ConsoleAsync(string name) =>
        new(await Driver.Consoles.OpenAsync(Driver.Domains.LookupByName(name).Uuid, null, true, CancellationToken.None));

    /// <summary>
    /// The guest's console from power-on, once it printed the ready marker and its prompt, and (for a guest with
    /// the agent channel whose kit runs the agent) once the agent opened its port.
    /// </summary>
    public async Task<ConsoleReader> ReadyConsoleAsync(string name)
    {
        var console = await ConsoleAsync(name);
        await console.WaitUntilReadyAsync();
        await AgentConnectedAsync(name);
        return console;
    }

    /// <summary>
    /// The kit starts qemu-guest-agent as a daemon just before its ready marker, so the agent may open its port
    /// a moment after it; vireod, like libvirtd, refuses agent calls until then. Waits for the live XML to say
    /// state='connected', unless the guest has no agent channel or runs no agent (vireo.noqga=1).
    /// </summary>
    public async Task AgentConnectedAsync(string name)
    {
        var uuid = Driver.Domains.LookupByName(name).Uuid;
        var live = Driver.Domains.Xml(uuid, XmlFlags.None);
        if (!live.Contains("name='org.qemu.guest_agent.0'", StringComparison.Ordinal) || live.Contains("vireo.noqga=1", StringComparison.Ordinal)) return;
        await Expect.EventuallyAsync(() => Task.FromResult(Driver.Domains.Xml(uuid, XmlFlags.None)),
            x => x.Contains("name='org.qemu.guest_agent.0' state='connected'", StringComparison.Ordinal), $"the guest agent of {name} opening its channel");
    }

    /// <summary>The running guest object (its QEMU process, vCPU threads and monitor).</summary>
    public GuestProcess Guest(Guid uuid) =>
        Qemu.Registry.GetByUuid(uuid).Handle as GuestProcess ?? throw new InvalidOperationException($"domain {uuid} is not running");

    public GuestProcess Guest(string name) => Guest(Driver.Domains.LookupByName(name).Uuid);

    /// <summary>Asks the guest's QEMU directly: what it really runs, beyond what the XML says.</summary>
    public Task<JsonNode?> QmpAsync(string name, QmpCommand command) => Guest(name).RequireMonitor().ExecuteAsync(command, CancellationToken.None);

    public Task<JsonNode?> QmpAsync(Guid uuid, QmpCommand command) => Guest(uuid).RequireMonitor().ExecuteAsync(command, CancellationToken.None);

    /// <summary>QEMU's argv as the kernel shows it to every local user.</summary>
    public string[] QemuArgv(string name) =>
        File.ReadAllText($"/proc/{Guest(name).Process.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every file under the root's log directory, concatenated.</summary>
    public string LogFiles() =>
        string.Concat(Directory.EnumerateFiles(Paths.LogDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public async ValueTask DisposeAsync()
    {
        await Engine.DestroyAllAsync(Driver);
        await _engine.DisposeAsync();
        Root.Dispose();
    }
}
