using Vireo.Drivers.Test;
using Vireo.Rpc.Server;

namespace Vireo.Cli.Tests.Support;

/// <summary>An RPC server with the in-memory driver on a private socket, as vireod would serve it.</summary>
public sealed class TestDaemon : IAsyncDisposable
{
    private readonly string _dir;

    private TestDaemon(string dir, TestDriver driver, RpcServer server)
    {
        _dir = dir;
        Driver = driver;
        Server = server;
    }

    public TestDriver Driver { get; }
    public RpcServer Server { get; }
    public string Dir => _dir;
    public string SocketPath => Path.Combine(_dir, "sock");

    /// <summary>The URI both virsh and vireo use to reach this server.</summary>
    public string Uri => $"test+unix:///default?socket={SocketPath}";
    public string ReadOnlyUri => $"test+unix:///default?socket={SocketPath}-ro";

    public static async Task<TestDaemon> StartAsync(bool withDefaultDomain = true)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vireo-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = withDefaultDomain });
        await driver.StartAsync(CancellationToken.None);
        var server = new RpcServer([driver]);
        server.ListenUnix(Path.Combine(dir, "sock"));
        server.ListenUnix(Path.Combine(dir, "sock-ro"), readOnly: true);
        return new TestDaemon(dir, driver, server);
    }

    /// <summary>Writes a domain XML file in the server's directory and returns its path.</summary>
    public string WriteXml(string name, string xml)
    {
        var path = Path.Combine(_dir, name + ".xml");
        File.WriteAllText(path, xml);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Domain XML for the in-memory driver.</summary>
public static class Xml
{
    public static string Domain(string name, string uuid, int memoryMiB = 256, int vcpus = 1, string extraDevices = "") =>
        $"""
        <domain type='qemu'>
          <name>{name}</name>
          <uuid>{uuid}</uuid>
          <memory unit='MiB'>{memoryMiB}</memory>
          <vcpu>{vcpus}</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/var/lib/images/{name}.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <interface type='network'><mac address='52:54:00:12:34:56'/><source network='default'/><model type='virtio'/></interface>
            {extraDevices}
          </devices>
        </domain>
        """;
}

/// <summary>The captured virsh outputs (tests/Vireo.Cli.Tests/Golden/*.out, copied from real virsh runs).</summary>
public static class Golden
{
    /// <summary>The text virsh printed (stderr lines first, as captured, then stdout) and its exit status.</summary>
    public static (string Text, int ExitCode) Load(string name)
    {
        var all = System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name + ".out"));
        var rc = all.LastIndexOf("rc=", StringComparison.Ordinal);
        return (all[..rc], int.Parse(all[(rc + 3)..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static string File(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));
}
