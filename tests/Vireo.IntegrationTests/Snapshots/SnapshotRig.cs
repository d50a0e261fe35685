using System.Text.Json.Nodes;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// vireod's composition on a private root and socket (<see cref="ServedEngine"/>: every procedure,
/// snapshots and block jobs included), with the demo guest given two qcow2 disks (vda, vdb) in ROOT/img.
/// Stock virsh talks to it through <see cref="VirshAsync"/>, with TZ=UTC so snapshot times read alike.
/// </summary>
internal sealed class SnapshotRig : IAsyncDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> Utc = new Dictionary<string, string?> { ["TZ"] = "UTC" };

    private SnapshotRig(ServedEngine served) => Served = served;

    public ServedEngine Served { get; }
    public TempRoot Root => Served.Root;
    public string Uri => Served.Uri;
    public DomainEventBus Events => Served.Driver.Events;
    public string ImageDir => Path.Combine(Root.Path, "img");
    public string Name { get; private set; } = "";
    public DomainRef Domain { get; private set; }
    public string Disk1 => Path.Combine(ImageDir, "d1.qcow2");
    public string Disk2 => Path.Combine(ImageDir, "d2.qcow2");

    public static async Task<SnapshotRig> StartAsync()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/virsh"), "virsh (libvirt-clients)");
        var served = await ServedEngine.StartAsync();
        Directory.CreateDirectory(Path.Combine(served.RootPath, "img"));
        return new SnapshotRig(served);
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
        Domain = await Served.Driver.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None);
        return Domain;
    }

    /// <summary>Starts the domain and waits for the guest's prompt; returns a console reader attached since power-on.</summary>
    public async Task<ConsoleReader> StartGuestAsync()
    {
        await Served.Driver.Lifecycle.StartAsync(Domain.Uuid, CreateFlags.None, CancellationToken.None);
        return await ConsoleReadyAsync();
    }

    public Task<ConsoleReader> ConsoleReadyAsync() => Served.ReadyConsoleAsync(Name);

    public GuestProcess Guest => Served.Guest(Domain.Uuid);

    public StateWithReason State => Served.Driver.Domains.State(Domain.Uuid);

    public Task<ProgramResult> VirshAsync(params string[] args) => ProcessRunner.RunAsync("virsh", ["-c", Uri, .. args], env: Utc);

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

    public ValueTask DisposeAsync() => Served.DisposeAsync();
}

/// <summary>Host tools (virsh, qemu-img, qemu-io) and what they say about images.</summary>
internal static class Tools
{
    public static Task<string> OkAsync(string program, params string[] args) => ProcessRunner.OkAsync(program, args);

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
            var r = await ProcessRunner.RunAsync("qemu-img", ["check", "-U", image]);
            Assert.True(r.ExitCode == 0 && r.Stdout.Contains("No errors were found"), $"qemu-img check {image}: {r}");
        }
    }

    /// <summary>The backing file the image's header names, or null.</summary>
    public static async Task<string?> BackingOfAsync(string image) =>
        (string?)JsonNode.Parse(await OkAsync("qemu-img", "info", "-U", "--output=json", image))?["backing-filename"];
}
