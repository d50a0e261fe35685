using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests.Network.Support;

/// <summary>What a client program printed and how it exited.</summary>
public sealed record ClientResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// The QEMU driver and libvirt's RPC server (the composition vireod runs, with every feature's
/// procedures) on a private root, listening on a temp Unix socket: stock virsh and vireo talk to it
/// with qemu+unix:///system?socket=PATH. The test also reaches the driver directly to read consoles
/// and ask QEMU (QMP) what it really runs. Disposing destroys every guest it started.
/// </summary>
internal sealed class ServedEngine : IAsyncDisposable
{
    private readonly TempRoot _root;
    private readonly EmbeddedEngine _engine;

    private ServedEngine(TempRoot root, EmbeddedEngine engine, string socket)
    {
        _root = root;
        _engine = engine;
        Socket = socket;
    }

    public string Socket { get; }
    public string Uri => $"qemu+unix:///system?socket={Socket}";
    public string RootPath => _root.Path;
    public QemuDriver Driver => (QemuDriver)_engine.Server.Drivers[0];
    public QemuDriverPaths Paths => Driver.Paths;

    public static async Task<ServedEngine> StartAsync()
    {
        var root = new TempRoot();
        var engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, root.Path, "qemu:///system", TestLoggers.Instance,
            new DriverSetOptions { Qemu = new QemuDriverOptions { ShutdownRetryAfter = TimeSpan.FromSeconds(15) } }, CancellationToken.None);
        var socket = Path.Combine(root.Path, "sock");
        await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], CancellationToken.None);
        return new ServedEngine(root, engine, socket);
    }

    /// <summary>Writes a domain XML file under the root (virsh define reads files).</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_root.Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Debian's virsh against this server.</summary>
    public Task<ClientResult> VirshAsync(params string[] args) => RunProgramAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>virsh, failing the test with its output unless it succeeds.</summary>
    public async Task<string> VirshOkAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>vireo (its own entry point, in this process) against the same server.</summary>
    public async Task<ClientResult> VireoAsync(params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var io = new CliIo(new MemoryStream(), output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(["-c", Uri, .. args], io, _ => null);
        return new ClientResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    public async Task<string> VireoOkAsync(params string[] args)
    {
        var r = await VireoAsync(args);
        Assert.True(r.ExitCode == 0, $"vireo {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>The running guest's console from power-on (the engine keeps the history).</summary>
    public async Task<ConsoleReader> ConsoleAsync(string name)
    {
        var dom = Driver.Domains.LookupByName(name);
        return new ConsoleReader(await Driver.Consoles.OpenAsync(dom.Uuid, null, true, CancellationToken.None));
    }

    /// <summary>Asks the guest's QEMU directly (what it really runs, beyond what the XML says).</summary>
    public async Task<System.Text.Json.Nodes.JsonNode?> QmpAsync(string name, Vireo.Qemu.Qmp.QmpCommand command)
    {
        var dom = Driver.Registry.GetByUuid(Driver.Domains.LookupByName(name).Uuid);
        var guest = dom.Handle as GuestProcess ?? throw new InvalidOperationException($"domain {name} is not running");
        return await guest.RequireMonitor().ExecuteAsync(command, CancellationToken.None);
    }

    public static async Task<ClientResult> RunProgramAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new ClientResult(p.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in Driver.Domains.List(ListFlags.Active))
        {
            try
            {
                await Driver.Lifecycle.DestroyAsync(d.Ref.Uuid, DestroyFlags.Default, CancellationToken.None);
            }
            catch (Core.Errors.VirException)
            {
                // already gone
            }
        }
        await _engine.DisposeAsync();
        _root.Dispose();
    }
}

/// <summary>Driver and server logs to the test run's stderr (<see cref="TestLog"/>).</summary>
internal sealed class TestLoggers : ILoggerFactory
{
    public static readonly TestLoggers Instance = new();

    public ILogger CreateLogger(string categoryName) => TestLog.Instance;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
