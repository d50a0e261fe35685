using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.Qemu.Driver;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest.Support;

/// <summary>
/// What vireod runs (the QEMU driver and the RPC server with every feature's procedures) on a private
/// temp root, listening on a read-write and a read-only socket, with the demo kit's guest (plus a qcow2
/// disk, a user-mode NIC and a VNC display) defined and booted once under TCG. Tests in the collection share it, one
/// after the other; each leaves it running and at its prompt, or calls <see cref="EnsureReadyAsync"/>.
/// </summary>
public sealed class GuestServer : IAsyncLifetime
{
    public const string Mac = "52:54:00:4a:11:01";

    private EmbeddedEngine _engine = null!;

    public string Root { get; } = Path.Combine("/tmp", "vr" + Guid.NewGuid().ToString("N")[..8]);
    public string Name { get; } = "rg-" + Guid.NewGuid().ToString("N")[..6];
    public string Uri => $"qemu+unix:///system?socket={Path.Combine(Root, "sock")}";
    public string ReadOnlyUri => $"qemu+unix:///system?socket={Path.Combine(Root, "sock-ro")}";
    public string XmlFile => Path.Combine(Root, Name + ".xml");
    public Vireo.Rpc.Server.RpcServer Rpc => _engine.Server.Rpc;
    public QemuDriver Driver => (QemuDriver)_engine.Server.Drivers[0];
    public Guid Uuid => Driver.Domains.LookupByName(Name).Uuid;

    /// <summary>The guest's console since its QEMU process started (replaced when a new one starts).</summary>
    public GuestConsole Console { get; private set; } = null!;

    public static string KitDirectory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } dir ? dir : "/var/lib/vireo/images";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        _engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, Root, "qemu:///system", NullLoggerFactory.Instance,
            new DriverSetOptions { Qemu = new QemuDriverOptions { ShutdownRetryAfter = TimeSpan.FromSeconds(20) } }, CancellationToken.None);
        await _engine.Server.ListenAsync([ListenEndpoint.ReadWrite(Path.Combine(Root, "sock")), ListenEndpoint.ReadOnlyAt(Path.Combine(Root, "sock-ro"))],
            CancellationToken.None);
        if (!Cli.Exists("virsh")) return; // every test skips, saying why
        await File.WriteAllTextAsync(XmlFile, await DomainXmlAsync(Name, withDevices: true));
        var define = await Cli.Virsh(Uri, "define", XmlFile);
        if (define.ExitCode != 0) throw new InvalidOperationException($"virsh define of the shared guest failed: {define}");
        await EnsureReadyAsync();
    }

    /// <summary>The kit's demo.xml under another name; with a qcow2 disk (vda), a user-mode NIC and VNC on loopback with a password when asked.</summary>
    public async Task<string> DomainXmlAsync(string name, bool withDevices)
    {
        var path = Path.Combine(KitDirectory, "demo.xml");
        if (!File.Exists(path))
            Assert.Fail($"The demo guest kit is not built: {path} does not exist. Run 'scripts/make-guest.sh' as root " +
                        "(or set VIREO_GUEST_DIR to a directory holding a built kit).");
        var xml = (await File.ReadAllTextAsync(path)).Replace("<name>demo</name>", $"<name>{name}</name>", StringComparison.Ordinal);
        if (!withDevices) return xml;
        var disk = Path.Combine(Root, name + ".qcow2");
        var img = await Cli.RunAsync("qemu-img", ["create", "-q", "-f", "qcow2", disk, "64M"]);
        if (img.ExitCode != 0) throw new InvalidOperationException($"qemu-img create failed: {img}");
        var devices = $"""
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='{disk}'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <interface type='user'>
                  <mac address='{Mac}'/>
                  <model type='virtio'/>
                </interface>
                <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='s3cret'/>
              </devices>
            """;
        return xml.Replace("</devices>", devices.Trim() + "\n", StringComparison.Ordinal);
    }

    /// <summary>Starts the guest if it is off and waits until it is at its prompt.</summary>
    public async Task EnsureReadyAsync()
    {
        // A guest on its way down (a shutdown another test asked for) is waited for, not taken for running.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Driver.Domains.State(Uuid).State == Core.State.DomainState.Shutdown && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var state = Driver.Domains.State(Uuid).State;
        if (state == Core.State.DomainState.Paused)
            await Driver.Lifecycle.ResumeAsync(Uuid, CancellationToken.None);
        if (Driver.Domains.State(Uuid).IsActive && Console is { Ended: false }) return;
        if (!Driver.Domains.State(Uuid).IsActive)
            await Driver.Lifecycle.StartAsync(Uuid, CreateFlags.None, CancellationToken.None);
        if (Console is not null) await Console.DisposeAsync();
        Console = new GuestConsole(await Driver.Consoles.OpenAsync(Uuid, null, replayHistory: true, CancellationToken.None));
        await Console.WaitUntilBootedAsync(0);
    }

    /// <summary>Writes a file under the root (virsh define reads files).</summary>
    public async Task<string> WriteFileAsync(string fileName, string content)
    {
        var path = Path.Combine(Root, fileName);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    public Task<Cli.Result> Virsh(params string[] args) => Cli.Virsh(Uri, args);

    /// <summary>virsh, failing the test with its output unless it succeeds; returns what it printed.</summary>
    public async Task<string> VirshOk(params string[] args)
    {
        var r = await Cli.Virsh(Uri, args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            foreach (var d in Driver.Domains.List(ListFlags.Active))
            {
                try { await Driver.Lifecycle.DestroyAsync(d.Ref.Uuid, DestroyFlags.Default, CancellationToken.None); }
                catch (Core.Errors.VirException) { } // already gone
            }
            if (Console is not null) await Console.DisposeAsync();
            await _engine.DisposeAsync();
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class GuestServerCollection : ICollectionFixture<GuestServer>
{
    public const string Name = "real guest over RPC";
}
