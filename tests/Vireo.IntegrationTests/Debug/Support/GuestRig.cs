using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Debug.Support;

/// <summary>What virsh or vireo printed and how it exited.</summary>
internal sealed record Run(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// vireod's composition (QEMU driver + libvirt's RPC server with every procedure) on a private root and a
/// temp socket, for the debugging, display and clock tests: stock virsh and vireo connect with
/// qemu+unix:///system?socket=PATH; the test also reads the guest's console, asks its QEMU over QMP, and
/// keeps every log line the engine wrote (to prove a password never reaches a log). Disposing destroys the
/// guests it started and removes the root.
/// </summary>
internal sealed class GuestRig : IAsyncDisposable
{
    private readonly TempRoot _root;
    private readonly EmbeddedEngine _engine;

    private GuestRig(TempRoot root, EmbeddedEngine engine, string socket, LogLines logs)
    {
        _root = root;
        _engine = engine;
        Socket = socket;
        Logs = logs;
    }

    public string Socket { get; }
    public string Uri => $"qemu+unix:///system?socket={Socket}";
    public string RootPath => _root.Path;
    public LogLines Logs { get; }
    public QemuDriver Driver => (QemuDriver)_engine.Server.Drivers[0];

    public static async Task<GuestRig> StartAsync()
    {
        var root = new TempRoot();
        var logs = new LogLines();
        var engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, root.Path, "qemu:///system", logs,
            new DriverSetOptions { Qemu = new QemuDriverOptions { ShutdownRetryAfter = TimeSpan.FromSeconds(15) } }, CancellationToken.None);
        var socket = Path.Combine(root.Path, "sock");
        await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], CancellationToken.None);
        return new GuestRig(root, engine, socket, logs);
    }

    /// <summary>Defines the demo guest (renamed, edited) through the driver and starts it; returns its name.</summary>
    public async Task<string> StartGuestAsync(string prefix, Func<string, string>? edit = null)
    {
        var name = DemoKit.UniqueName(prefix);
        var d = await Driver.Lifecycle.DefineAsync(DemoKit.DomainXml(name, edit), DefineFlags.None, CancellationToken.None);
        await Driver.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None);
        return name;
    }

    /// <summary>Defines the demo guest without starting it.</summary>
    public async Task<string> DefineGuestAsync(string prefix, Func<string, string>? edit = null)
    {
        var name = DemoKit.UniqueName(prefix);
        await Driver.Lifecycle.DefineAsync(DemoKit.DomainXml(name, edit), DefineFlags.None, CancellationToken.None);
        return name;
    }

    /// <summary>The guest's console from power-on, once it printed the ready marker and its prompt.</summary>
    public async Task<ConsoleReader> ReadyConsoleAsync(string name)
    {
        var console = new ConsoleReader(await Driver.Consoles.OpenAsync(Driver.Domains.LookupByName(name).Uuid, null, true, CancellationToken.None));
        await console.WaitUntilReadyAsync();
        return console;
    }

    public Task<Run> VirshAsync(params string[] args) => ProgramAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>vireo's own entry point, in this process, against the same server.</summary>
    public async Task<Run> VireoAsync(params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var io = new CliIo(new MemoryStream(), output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(["-c", Uri, .. args], io, _ => null);
        return new Run(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
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

    public GuestProcess Guest(string name) =>
        Driver.Registry.GetByUuid(Driver.Domains.LookupByName(name).Uuid).Handle as GuestProcess
        ?? throw new InvalidOperationException($"domain {name} is not running");

    /// <summary>Asks the guest's QEMU directly: what it really runs, beyond what the XML says.</summary>
    public Task<JsonNode?> QmpAsync(string name, QmpCommand command) => Guest(name).RequireMonitor().ExecuteAsync(command, CancellationToken.None);

    /// <summary>QEMU's argv as the kernel shows it to every local user.</summary>
    public string[] QemuArgv(string name) =>
        File.ReadAllText($"/proc/{Guest(name).Process.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every file under the root's log directory, concatenated.</summary>
    public string LogFiles() =>
        string.Concat(Directory.EnumerateFiles(Driver.Paths.LogDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public async ValueTask DisposeAsync()
    {
        foreach (var d in Driver.Domains.List(ListFlags.Active))
        {
            try { await Driver.Lifecycle.DestroyAsync(d.Ref.Uuid, DestroyFlags.Default, CancellationToken.None); }
            catch (Core.Errors.VirException) { /* already gone */ }
        }
        await _engine.DisposeAsync();
        _root.Dispose();
    }

    public static async Task<Run> ProgramAsync(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish: {await stdout} {await stderr}");
        }
        return new Run(p.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Keeps every log line the engine writes (and echoes warnings to stderr for the test log).</summary>
internal sealed class LogLines : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"[{logLevel}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
        _lines.Enqueue(line);
        if (logLevel >= LogLevel.Warning) Console.Error.WriteLine(line);
    }
}
