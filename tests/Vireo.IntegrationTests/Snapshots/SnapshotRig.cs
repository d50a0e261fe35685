using System.Diagnostics;
using System.Text.Json.Nodes;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;
using Vireo.Rpc.Server;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// A QEMU engine on a private root with libvirt's RPC server on a private socket (what vireod serves),
/// the snapshot and block procedures registered, and the demo guest given two qcow2 disks (vda, vdb) in
/// ROOT/img. Stock virsh talks to it through <see cref="VirshAsync"/>.
/// </summary>
internal sealed class SnapshotRig : IAsyncDisposable
{
    private SnapshotRig(TempRoot root, Engine engine, RpcServer server, string socket)
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
    public string ImageDir => Path.Combine(Root.Path, "img");
    public string Name { get; private set; } = "";
    public DomainRef Domain { get; private set; }
    public string Disk1 => Path.Combine(ImageDir, "d1.qcow2");
    public string Disk2 => Path.Combine(ImageDir, "d2.qcow2");

    public static async Task<SnapshotRig> StartAsync()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/virsh"), "virsh (libvirt-clients) is not installed");
        var root = new TempRoot();
        var engine = await Engine.StartAsync(root.Path);
        var server = new RpcServer([engine.Driver]);
        SnapshotProcedures.Register(server.Dispatcher);
        BlockProcedures.Register(server.Dispatcher);
        var socket = Path.Combine(root.Path, "rpc.sock");
        server.ListenUnix(socket);
        Directory.CreateDirectory(Path.Combine(root.Path, "img"));
        return new SnapshotRig(root, engine, server, socket);
    }

    /// <summary>Defines the demo guest with the two disks (and an optional extra edit of its XML).</summary>
    public async Task<DomainRef> DefineAsync(string prefix, Func<string, string>? edit = null)
    {
        foreach (var disk in new[] { Disk1, Disk2 })
            if (!File.Exists(disk)) await Tools.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", disk, "64M");
        Name = DemoKit.UniqueName(prefix);
        var xml = DemoKit.DomainXml(Name, x =>
        {
            var disks = $"""
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{Disk1}'/><target dev='vda' bus='virtio'/></disk>
                    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{Disk2}'/><target dev='vdb' bus='virtio'/></disk>
                    <serial type='pty'>
                """;
            x = x.Replace("<serial type='pty'>", disks, StringComparison.Ordinal);
            return edit is null ? x : edit(x);
        });
        Domain = await Engine.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None);
        return Domain;
    }

    /// <summary>Starts the domain and waits for the guest's prompt; returns a console reader attached since power-on.</summary>
    public async Task<ConsoleReader> StartGuestAsync()
    {
        await Engine.Lifecycle.StartAsync(Domain.Uuid, CreateFlags.None, CancellationToken.None);
        return await ConsoleReadyAsync();
    }

    public async Task<ConsoleReader> ConsoleReadyAsync()
    {
        var console = await Engine.ConsoleAsync(Domain.Uuid);
        await console.WaitUntilReadyAsync();
        return console;
    }

    public GuestProcess Guest => Engine.Driver.Registry.GetByUuid(Domain.Uuid).Handle as GuestProcess
        ?? throw new InvalidOperationException("the guest is not running");

    public StateWithReason State => Engine.State(Domain.Uuid);

    public Task<Tools.Result> VirshAsync(params string[] args) => Tools.RunAsync("virsh", ["-c", Uri, .. args]);

    /// <summary>Runs virsh and requires success; returns what it printed.</summary>
    public async Task<string> VirshOkAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>Runs virsh and requires failure; returns what it printed on stderr.</summary>
    public async Task<string> VirshFailsAsync(params string[] args)
    {
        var r = await VirshAsync(args);
        Assert.True(r.ExitCode != 0, $"virsh {string.Join(' ', args)} should have failed: {r}");
        return r.Stderr;
    }

    /// <summary>The block node names QEMU has, sorted (to show a failed step left the graph as it was).</summary>
    public async Task<IReadOnlyList<string>> BlockNodesAsync()
    {
        var nodes = await Guest.RequireMonitor().ExecuteAsync(Vireo.Qemu.Qmp.QmpCommands.QueryNamedBlockNodes(), CancellationToken.None);
        return (nodes as JsonArray ?? []).Select(n => (string?)n?["node-name"] ?? "").Where(n => !n.StartsWith('#')).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The files in the image directory, sorted.</summary>
    public IReadOnlyList<string> ImageFiles() => Directory.GetFiles(ImageDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Engine.DestroyAllAsync();
        await Engine.DisposeAsync();
        Root.Dispose();
    }
}

/// <summary>Host tools (virsh, qemu-img, qemu-io) and what they say about images.</summary>
internal static class Tools
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LIBVIRT_DEFAULT_URI"] = null;
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> OkAsync(string program, params string[] args)
    {
        var r = await RunAsync(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>What the guest reads at a sector through the image's whole chain (qemu-img convert to raw, shared lock).</summary>
    public static async Task<string> ReadSectorAsync(string image, long sector)
    {
        var output = Path.Combine(Path.GetTempPath(), $"vit-sector-{Guid.NewGuid():N}.raw");
        try
        {
            await OkAsync("qemu-img", "convert", "-U", "-O", "raw", image, output);
            await using var f = File.OpenRead(output);
            var buffer = new byte[512];
            f.Seek(sector * 512, SeekOrigin.Begin);
            await f.ReadExactlyAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer).TrimEnd('\0');
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Whether the image itself (not its backing chain) holds data at the byte offset (qemu-img map: depth 0).</summary>
    public static async Task<bool> HoldsOwnDataAsync(string image, long offset)
    {
        var map = JsonNode.Parse(await OkAsync("qemu-img", "map", "-U", "--output=json", image)) as JsonArray ?? [];
        foreach (var e in map.OfType<JsonObject>())
        {
            long start = (long)e["start"]!, length = (long)e["length"]!;
            if (offset >= start && offset < start + length) return (int)e["depth"]! == 0 && (bool)e["data"]!;
        }
        return false;
    }

    /// <summary>qemu-img check on every image given: each must report no errors.</summary>
    public static async Task CheckAllAsync(IEnumerable<string> images)
    {
        foreach (var image in images)
        {
            var r = await RunAsync("qemu-img", ["check", "-U", image]);
            Assert.True(r.ExitCode == 0 && r.Stdout.Contains("No errors were found"), $"qemu-img check {image}: {r}");
        }
    }

    /// <summary>The backing file the image's header names, or null.</summary>
    public static async Task<string?> BackingOfAsync(string image) =>
        (string?)JsonNode.Parse(await OkAsync("qemu-img", "info", "-U", "--output=json", image))?["backing-filename"];
}
