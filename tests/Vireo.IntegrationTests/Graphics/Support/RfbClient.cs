using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Vireo.IntegrationTests.Graphics.Support;

/// <summary>
/// The start of an RFB (VNC) session, RFC 6143: the server's version banner, the security types it offers
/// (1 = None, 2 = VNC authentication), and VNC authentication itself (DES over the server's challenge,
/// keyed with the password, each key byte bit-reversed as every VNC implementation does).
/// </summary>
internal sealed class RfbClient : IAsyncDisposable
{
    public const byte SecurityNone = 1;
    public const byte SecurityVnc = 2;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RfbClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public string Banner { get; private set; } = "";
    public IReadOnlyList<byte> SecurityTypes { get; private set; } = [];

    /// <summary>The client's own port (the "remote" address the server reports for this connection).</summary>
    public int LocalPort => ((System.Net.IPEndPoint)_socket.LocalEndPoint!).Port;

    public static Task<RfbClient> ConnectTcpAsync(string host, int port) =>
        ConnectAsync(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), new System.Net.IPEndPoint(System.Net.IPAddress.Parse(host), port));

    public static Task<RfbClient> ConnectUnixAsync(string path) =>
        ConnectAsync(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(path));

    /// <summary>Connects, reads the banner, answers with version 3.8 and reads the offered security types.</summary>
    private static async Task<RfbClient> ConnectAsync(Socket socket, System.Net.EndPoint endpoint)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(endpoint, cts.Token);
        var c = new RfbClient(socket);
        c.Banner = Encoding.ASCII.GetString(await c.ReadAsync(12, cts.Token));
        await c._stream.WriteAsync("RFB 003.008\n"u8.ToArray(), cts.Token);
        int n = (await c.ReadAsync(1, cts.Token))[0];
        if (n == 0) throw new InvalidOperationException("the VNC server refused the connection: " + await c.ReadReasonAsync(cts.Token));
        c.SecurityTypes = await c.ReadAsync(n, cts.Token);
        return c;
    }

    /// <summary>VNC authentication with a password; true when the server accepts it (SecurityResult 0).</summary>
    public async Task<bool> AuthenticateAsync(string password)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _stream.WriteAsync(new[] { SecurityVnc }, cts.Token);
        var challenge = await ReadAsync(16, cts.Token);
        await _stream.WriteAsync(Respond(challenge, password), cts.Token);
        var result = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, cts.Token));
        return result == 0;
    }

    /// <summary>
    /// Security type None, then ClientInit (shared) and the server's ServerInit: the session is initialized. Returns
    /// the desktop name the server sent.
    /// </summary>
    public async Task<string> InitializeWithoutAuthAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _stream.WriteAsync(new[] { SecurityNone }, cts.Token);
        var result = BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, cts.Token));
        if (result != 0) throw new InvalidOperationException("the VNC server refused security type None: " + await ReadReasonAsync(cts.Token));
        await _stream.WriteAsync(new byte[] { 1 }, cts.Token);
        var init = await ReadAsync(24, cts.Token); // width, height, pixel format, name length
        return Encoding.UTF8.GetString(await ReadAsync((int)BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(20)), cts.Token));
    }

    /// <summary>The DES response: the password (8 bytes, zero-padded) with each byte's bits reversed is the key.</summary>
    internal static byte[] Respond(byte[] challenge, string password)
    {
        var key = new byte[8];
        var pw = Encoding.ASCII.GetBytes(password);
        for (int i = 0; i < 8 && i < pw.Length; i++) key[i] = Reverse(pw[i]);
        using var des = DES.Create();
        des.Key = key;
        return des.EncryptEcb(challenge, PaddingMode.None);
    }

    private static byte Reverse(byte b)
    {
        byte r = 0;
        for (int i = 0; i < 8; i++) r |= (byte)(((b >> i) & 1) << (7 - i));
        return r;
    }

    private async Task<string> ReadReasonAsync(CancellationToken ct)
    {
        int len = (int)BinaryPrimitives.ReadUInt32BigEndian(await ReadAsync(4, ct));
        return Encoding.UTF8.GetString(await ReadAsync(len, ct));
    }

    private async Task<byte[]> ReadAsync(int n, CancellationToken ct)
    {
        var buffer = new byte[n];
        await _stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
