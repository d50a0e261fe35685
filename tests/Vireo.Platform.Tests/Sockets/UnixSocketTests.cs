using System.Net.Sockets;
using System.Text;
using Vireo.Platform.Sockets;

namespace Vireo.Platform.Tests.Sockets;

public class UnixSocketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectWaitsForAServerThatAppearsLater()
    {
        using var dir = new TempDir();
        string path = dir["late.sock"];
        Task<Socket> connecting = UnixSocket.ConnectAsync(path, TimeSpan.FromSeconds(10), ct: Ct);
        Assert.False(connecting.IsCompleted);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        using Socket client = await connecting;
        using Socket server = await listener.AcceptAsync(Ct);
        var creds = PeerCredentials.Of(server);
        Assert.Equal(Environment.ProcessId, creds.Pid);
        Assert.Equal(0u, creds.Uid == 0 ? 0u : creds.Uid - creds.Uid); // uid is read (0 when root)
        Assert.Equal(Environment.ProcessId, PeerCredentials.Of(client).Pid);
    }

    [Fact]
    public async Task ConnectGivesUpAtTheDeadlineWithTheReason()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => UnixSocket.ConnectAsync(dir["never.sock"], TimeSpan.FromMilliseconds(50), ct: Ct));
        Assert.Contains("never.sock", e.Message);
    }

    [Fact]
    public async Task ConnectStopsWhenTheProcessIsGone()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<IOException>(() =>
            UnixSocket.ConnectAsync(dir["dead.sock"], TimeSpan.FromSeconds(30), abandonWhen: Task.CompletedTask, ct: Ct));
        Assert.Contains("gone", e.Message);
    }

    [Fact]
    public async Task DescriptorsTravelWithTheMessage()
    {
        var (a, b) = UnixSocket.CreatePair();
        using var _a = a;
        using var _b = b;
        using var dir = new TempDir();
        File.WriteAllText(dir["payload"], "through the socket");
        using var file = File.OpenHandle(dir["payload"]);
        byte[] msg = Encoding.ASCII.GetBytes("{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"tap0\"}}\n");

        await FdPassing.SendAsync(a, msg, [file], Ct);
        var buffer = new byte[4096];
        var (bytes, fds) = await FdPassing.ReceiveAsync(b, buffer, Ct);

        Assert.Equal(msg, buffer[..bytes]);
        var received = Assert.Single(fds);
        Assert.NotEqual(file.DangerousGetHandle(), received.DangerousGetHandle());
        using var stream = new FileStream(received, FileAccess.Read);
        Assert.Equal("through the socket", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public async Task ReceiveWithoutDescriptorsAndAtEof()
    {
        var (a, b) = UnixSocket.CreatePair();
        using var _b = b;
        await a.SendAsync("x"u8.ToArray(), SocketFlags.None, Ct);
        a.Dispose();
        var buffer = new byte[16];
        var first = await FdPassing.ReceiveAsync(b, buffer, Ct);
        Assert.Equal((1, 0), (first.Bytes, first.Fds.Count));
        Assert.Equal(0, (await FdPassing.ReceiveAsync(b, buffer, Ct)).Bytes);
    }
}
