using System.Diagnostics;
using System.Security;
using System.Text;
using Microsoft.Extensions.Logging;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;
using Vireo.Lxc.Driver;
using Vireo.Platform.Cgroups;

namespace Vireo.IntegrationTests.Containers.Support;

/// <summary>What a client program printed and how it exited.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}--- stderr:\n{Stderr}";
}

/// <summary>
/// The container driver and libvirt's RPC server, composed as vireod composes them (Vireo.Hosting), on a
/// private root and a temp socket: stock virsh, python-libvirt and vireo talk to it with
/// lxc+unix:///?socket=PATH. The test also reads the host side (cgroup files, the container's root) to
/// see that what the clients asked for really happened. Disposing destroys every container it runs.
/// </summary>
internal sealed class ContainerRig : IAsyncDisposable
{
    private readonly TempRoot _root;
    private readonly EmbeddedEngine _engine;
    private readonly ContainerRootfs _rootfs;

    private ContainerRig(TempRoot root, EmbeddedEngine engine, ContainerRootfs rootfs, string socket)
    {
        _root = root;
        _engine = engine;
        _rootfs = rootfs;
        Socket = socket;
    }

    public string Socket { get; }
    public string Uri => $"lxc+unix:///?socket={Socket}";
    public string RootPath => _root.Path;
    public LxcDriver Driver => (LxcDriver)_engine.Server.Drivers[0];
    public Vireo.Rpc.Server.RpcServer Rpc => _engine.Server.Rpc;

    /// <summary>A fresh container name, unique across parallel tests (names become cgroup names).</summary>
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<ContainerRig> StartAsync(ContainerRootfs rootfs)
    {
        Assert.SkipWhen(rootfs.Error is not null, rootfs.Error ?? "");
        var root = new TempRoot();
        try
        {
            var engine = await EmbeddedEngine.StartAsync(DriverKind.Lxc, root.Path, "lxc:///", ContainerTestLoggers.Instance, null, CancellationToken.None);
            var socket = Path.Combine(root.Path, "sock");
            await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], CancellationToken.None);
            return new ContainerRig(root, engine, rootfs, socket);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>A private copy of the busybox root under this rig's directory.</summary>
    public string NewRootfs(string name)
    {
        var dest = Path.Combine(_root.Path, "roots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        var r = RunAsync("cp", ["-a", _rootfs.Rootfs, dest]).GetAwaiter().GetResult();
        Assert.True(r.ExitCode == 0, $"copying the root filesystem: {r}");
        return dest;
    }

    /// <summary>A container whose init is `/bin/sh -c SCRIPT`, with its root, a console and any extra devices.</summary>
    public static string Xml(string name, string root, string script, string devices = "", string extra = "", int memoryMiB = 64) => $"""
        <domain type='lxc'>
          <name>{name}</name>
          <memory unit='MiB'>{memoryMiB}</memory>
          <vcpu>1</vcpu>{extra}
          <os>
            <type>exe</type>
            <init>/bin/sh</init>
            <initarg>-c</initarg>
            <initarg>{SecurityElement.Escape(script)}</initarg>
          </os>
          <devices>
            <filesystem type='mount'>
              <source dir='{SecurityElement.Escape(root)}'/>
              <target dir='/'/>
            </filesystem>{devices}
            <console type='pty'/>
          </devices>
        </domain>
        """;

    /// <summary>Writes a file under the rig's root (virsh define reads files) and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_root.Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The host-side file of the container's cgroup (v1: in that controller's hierarchy; v2: the one group).</summary>
    public static string CgroupFile(string name, string controller, string v1File, string v2File)
    {
        var layout = CgroupLayout.Detect();
        var rel = $"{Cgroups.MachineParent}/lxc-{name}";
        return layout.PreferredVersion == CgroupVersion.V2
            ? Path.Combine(layout.UnifiedMount!, rel, v2File)
            : Path.Combine(layout.V1Mounts[controller], rel, v1File);
    }

    public static bool CgroupV1 => CgroupLayout.Detect().PreferredVersion == CgroupVersion.V1;

    /// <summary>Debian's virsh against this server.</summary>
    public Task<ProgramResult> VirshAsync(params string[] args) => RunAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>virsh, failing the test with its output unless it succeeds.</summary>
    public async Task<string> VirshOkAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>vireo (its own entry point, in this process) against the given URI, stdin empty.</summary>
    public static Task<ProgramResult> VireoAsync(string uri, params string[] args) => VireoWithInputAsync(uri, "", args);

    /// <summary>vireo with the given text on its standard input.</summary>
    public static async Task<ProgramResult> VireoWithInputAsync(string uri, string input, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var io = new CliIo(new MemoryStream(Encoding.UTF8.GetBytes(input)), output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(["-c", uri, .. args], io, _ => null);
        return new ProgramResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    public Task<ProgramResult> VireoAsync(params string[] args) => VireoAsync(Uri, args);

    public static async Task<string> VireoOkAsync(string uri, params string[] args)
    {
        var r = await VireoAsync(uri, args);
        Assert.True(r.ExitCode == 0, $"vireo {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    public Task<string> VireoOkAsync(params string[] args) => VireoOkAsync(Uri, args);

    /// <summary>Runs a program with a clean libvirt environment; its stdin is closed.</summary>
    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var p = Process.Start(ProgramStart(program, args))!;
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
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish; it printed: {await stdout}{await stderr}");
        }
        return new ProgramResult(p.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo ProgramStart(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        return psi;
    }

    /// <summary>Polls a condition until it holds (no sleeps for readiness: a deadline instead).</summary>
    public static Task WaitForAsync(Func<bool> condition, string what, double seconds = 20) =>
        Vireo.Platform.Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), what);

    public async ValueTask DisposeAsync()
    {
        foreach (var d in Driver.Domains.List(ListFlags.Active))
        {
            try { await Driver.Lifecycle.DestroyAsync(d.Ref.Uuid, DestroyFlags.Default, CancellationToken.None); }
            catch (Core.Errors.VirException) { } // already gone
        }
        await _engine.DisposeAsync();
        _root.Dispose();
    }
}

/// <summary>Driver and server logs to the test run's stderr (<see cref="TestLog"/>).</summary>
internal sealed class ContainerTestLoggers : ILoggerFactory
{
    public static readonly ContainerTestLoggers Instance = new();

    public ILogger CreateLogger(string categoryName) => TestLog.Instance;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
