using Vireo.Drivers.Test;
using Vireo.Rpc.Server;

namespace Vireo.Rpc.Tests.Support;

/// <summary>An RPC server with the in-memory driver on a private temp socket (plus a read-only one).</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly string _dir;

    private TestServer(string dir, TestDriver driver, RpcServer server, string socket, string roSocket)
    {
        _dir = dir;
        Driver = driver;
        Server = server;
        SocketPath = socket;
        ReadOnlySocketPath = roSocket;
    }

    public TestDriver Driver { get; }
    public RpcServer Server { get; }
    public string SocketPath { get; }
    public string ReadOnlySocketPath { get; }

    /// <summary>The URI virsh and python use to reach this server (the daemon sees "test:///default").</summary>
    public string Uri => $"test+unix:///default?socket={SocketPath}";
    public string ReadOnlyUri => $"test+unix:///default?socket={ReadOnlySocketPath}";

    public static async Task<TestServer> StartAsync(TestDriverOptions? options = null, RpcServerOptions? serverOptions = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vireo-rpc-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var driver = new TestDriver(options);
        await driver.StartAsync(CancellationToken.None);
        var server = new RpcServer([driver], serverOptions);
        var sock = Path.Combine(dir, "sock");
        var ro = Path.Combine(dir, "sock-ro");
        server.ListenUnix(sock);
        server.ListenUnix(ro, readOnly: true);
        return new TestServer(dir, driver, server, sock, ro);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
