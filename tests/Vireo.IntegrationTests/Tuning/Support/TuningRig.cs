using System.Diagnostics;
using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;
using Vireo.Rpc.Server;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.IntegrationTests.Tuning.Support;

/// <summary>What a client program printed and how it exited.</summary>
internal sealed record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// A QEMU engine on a private root plus libvirt's RPC server on a private Unix socket with the tuning,
/// NUMA and memory procedures (what vireod serves): Debian's virsh talks to it with
/// qemu+unix:///system?socket=PATH, and the test reads the guest's console, QEMU (QMP), /proc and the
/// cgroup files to see what really happened.
/// </summary>
internal sealed class TuningRig : IAsyncDisposable
{
    private TuningRig(TempRoot root, Engine engine, RpcServer server, string socket)
    {
        Root = root;
        Engine = engine;
        Server = server;
        Uri = $"qemu+unix:///system?socket={socket}";
    }

    public TempRoot Root { get; }
    public Engine Engine { get; }
    public RpcServer Server { get; }
    public string Uri { get; }

    public static async Task<TuningRig> StartAsync()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/virsh"), "virsh (libvirt-clients) is not installed");
        var root = new TempRoot();
        var engine = await Engine.StartAsync(root.Path);
        var server = new RpcServer([engine.Driver]);
        TuningProcedures.Register(server.Dispatcher);
        NumaProcedures.Register(server.Dispatcher);
        MemoryProcedures.Register(server.Dispatcher);
        var socket = Path.Combine(root.Path, "sock");
        server.ListenUnix(socket);
        return new TuningRig(root, engine, server, socket);
    }

    /// <summary>The running guest object (its pid, vCPU threads and monitor).</summary>
    public GuestProcess Guest(Guid uuid) =>
        Engine.Driver.Registry.GetByUuid(uuid).Handle as GuestProcess ?? throw new InvalidOperationException("the domain is not running");

    public Task<JsonNode?> QmpAsync(Guid uuid, Vireo.Qemu.Qmp.QmpCommand command) =>
        Guest(uuid).RequireMonitor().ExecuteAsync(command, CancellationToken.None);

    public Task<ProgramResult> VirshAsync(params string[] args) => RunAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>virsh that must succeed; returns what it printed.</summary>
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

    /// <summary>Defines a demo-kit domain through virsh (it reads the XML from a file under the root).</summary>
    public async Task DefineAsync(string name, Func<string, string>? edit = null)
    {
        var file = Path.Combine(Root.Path, $"{name}.xml");
        File.WriteAllText(file, DemoKit.DomainXml(name, edit));
        await VirshOkAsync("define", file);
    }

    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null; // never the machine's own libvirt configuration
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
        return new ProgramResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Assert.Contains that shows the whole text on failure (virsh output and XML are long).</summary>
    public static void Contains(string expected, string actual) =>
        Assert.True(actual.Contains(expected, StringComparison.Ordinal), $"expected to find:\n{expected}\nin:\n{actual}");

    public static void DoesNotContain(string unexpected, string actual) =>
        Assert.False(actual.Contains(unexpected, StringComparison.Ordinal), $"did not expect to find:\n{unexpected}\nin:\n{actual}");

    /// <summary>Polls until the check holds (no sleeps for readiness: a deadline, then a failure saying what was awaited).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> ok, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (ok(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen in time; last seen: {value}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DestroyAllAsync();
        await Server.DisposeAsync();
        await Engine.DisposeAsync();
        Root.Dispose();
    }
}
