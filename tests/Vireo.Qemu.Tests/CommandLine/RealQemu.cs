using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vireo.Core.Domain;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.CommandLine;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// Runs a built command line with the real qemu-system-x86_64 (TCG, paused by -S) in a private temp
/// directory: every path the golden XML names is moved into that directory (disk images are created
/// with qemu-img), fixed TCP ports become free ones, so runs never collide with other users of the
/// machine. The caller talks QMP to it and quits it; Dispose kills it if the test failed half-way.
/// </summary>
internal sealed class RealQemu : IAsyncDisposable
{
    public const string Emulator = "/usr/bin/qemu-system-x86_64";

    private static readonly Lazy<Task<QemuEmulatorCaps>> caps = new(() => QemuCapsProber.ProbeAsync(Emulator));

    private readonly List<Socket> listeners = [];

    private RealQemu(string dir) => Dir = dir;

    public string Dir { get; }
    public QemuCommandLine Command { get; private set; } = null!;
    public WatchedProcess Process { get; private set; } = null!;
    public string LogPath => Path.Combine(Dir, "qemu.log");

    public static void SkipUnlessAvailable() =>
        MachineSetUp.Require(File.Exists(Emulator), $"{Emulator} (package qemu-system-x86)");

    public static Task<QemuEmulatorCaps> CapsAsync() => caps.Value;

    /// <summary>Builds the command for a (localized) definition and starts QEMU; inherited descriptors are passed as given.</summary>
    public static async Task<RealQemu> StartAsync(string caseName, DomainDef def, Func<QemuLaunchContext, QemuLaunchContext>? adjust = null,
                                                  IReadOnlyDictionary<int, SafeHandle>? fds = null, string? netns = null)
    {
        var run = new RealQemu(Directory.CreateTempSubdirectory("vq-").FullName);
        try
        {
            var local = run.Localize(def);
            var ctx = GoldenData.ContextFor(caseName, local, await CapsAsync(), runtimeDir: run.Dir);
            ctx = ctx with { GraphicsPorts = run.GraphicsPorts(local) };
            if (adjust is not null) ctx = adjust(ctx);
            Directory.CreateDirectory(ctx.Paths.MemoryBackingDir);
            run.Command = QemuCommandBuilder.Build(local, ctx);
            run.ListenForClientChardevs(local);
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            foreach (var (k, v) in run.Command.Environment) env[k] = v;
            run.Process = await ProcessSpawner.SpawnAsync(new SpawnOptions
            {
                Executable = run.Command.Emulator,
                Arguments = run.Command.Arguments,
                OutputLogPath = run.LogPath,
                Environment = env,
                InheritedFds = fds ?? new Dictionary<int, SafeHandle>(),
                NetworkNamespace = netns,
            });
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<QmpProbeSession> ConnectQmpAsync(CancellationToken ct)
    {
        try
        {
            var socket = await UnixSocket.ConnectAsync(Command.MonitorSocket, TimeSpan.FromSeconds(20), Process.Exited, ct);
            return await QmpProbeSession.StartAsync(socket, ct);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"QEMU did not come up: {e.Message}\nargv: {QemuArgsFormatter.Format(Command)}\nlog: {Log()}");
        }
    }

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    /// <summary>Moves every host path of the definition into the temp directory and creates what must exist.</summary>
    private DomainDef Localize(DomainDef def)
    {
        var d = def.Devices;
        var disks = d.Disks.Select((disk, i) =>
        {
            if (disk.Source is null) return disk;
            if (disk.Type == DiskType.Block) throw new InvalidOperationException("block devices cannot be localized");
            var format = disk.Driver?.Format ?? DiskFormat.Raw;
            var path = Path.Combine(Dir, $"disk{i}.{(format == DiskFormat.Qcow2 ? "qcow2" : "img")}");
            Run("qemu-img", "create", "-q", "-f", format == DiskFormat.Qcow2 ? "qcow2" : "raw", path, disk.Device == DiskDevice.Floppy ? "1440K" : "16M");
            return disk with { Source = disk.Source with { Path = path } };
        }).ToList();
        CharSourceDef? Move(CharSourceDef? s, string name) => s?.Path is null ? s : s with { Path = Path.Combine(Dir, name) };
        CharSourceDef? Port(CharSourceDef? s) => s?.Service is null ? s : s with { Service = FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        CharLogDef? Log(CharLogDef? l, string name) => l is null ? null : l with { File = Path.Combine(Dir, name) };
        var filesystems = d.Filesystems.Select((fs, i) => fs with { SourceDir = Directory.CreateDirectory(Path.Combine(Dir, $"share{i}")).FullName }).ToList();
        return def with
        {
            Devices = d with
            {
                Disks = disks,
                Serials = d.Serials.Select((s, i) => s with { Source = Port(Move(s.Source, $"s{i}")), Log = Log(s.Log, $"s{i}.log") }).ToList(),
                Consoles = d.Consoles.Select((c, i) => c with { Source = Move(c.Source, $"c{i}"), Log = Log(c.Log, $"c{i}.log") }).ToList(),
                Channels = d.Channels.Select((c, i) => c with { Source = Move(c.Source, $"ch{i}") }).ToList(),
                Rngs = d.Rngs.Select((r, i) => r with { Backend = r.Backend with { EgdSource = Move(r.Backend.EgdSource, $"egd{i}") } }).ToList(),
                Filesystems = filesystems,
                // Fixed display ports could be taken by someone else on this machine: let QEMU pick (VNC) or reserve one (SPICE).
                Graphics = d.Graphics.Select((g, i) => g with
                {
                    Port = -1,
                    AutoPort = YesNo.Yes,
                    Websocket = g.Websocket is null ? null : -1,
                    SocketAttribute = g.SocketAttribute is null ? null : Path.Combine(Dir, $"g{i}.sock"),
                    Listens = g.Listens.Select(l => l.Socket is null ? l : l with { Socket = Path.Combine(Dir, $"g{i}.sock") }).ToList(),
                }).ToList(),
            },
        };
    }

    private Dictionary<int, int> GraphicsPorts(DomainDef def)
    {
        var ports = new Dictionary<int, int>();
        for (int i = 0; i < def.Devices.Graphics.Count; i++)
            if (def.Devices.Graphics[i].Type == GraphicsType.Spice) ports[i] = FreeTcpPort();
        return ports;
    }

    /// <summary>Chardevs in client mode (an rng egd daemon) need someone listening before QEMU starts.</summary>
    private void ListenForClientChardevs(DomainDef def)
    {
        foreach (var source in def.Devices.Rngs.Select(r => r.Backend.EgdSource))
        {
            if (source?.Path is null || source.Mode == CharSourceMode.Bind) continue;
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(source.Path));
            socket.Listen();
            listeners.Add(socket);
        }
    }

    private static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            if (!Process.HasExited) await Process.KillAsync();
            Process.Dispose();
        }
        foreach (var l in listeners) l.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
