using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Vireo.IntegrationTests.Graphics.Support;

/// <summary>
/// The SPICE link handshake for the main channel (spice-protocol's SpiceLinkHeader/SpiceLinkMess/
/// SpiceLinkReply, little-endian, magic "REDQ", protocol 2.2), then the ticket: the password plus a NUL,
/// RSA-OAEP(SHA-1) encrypted with the public key the server sent. The server answers a 32-bit link result:
/// 0 OK, 7 permission denied.
/// </summary>
internal static class SpiceLink
{
    private const uint Magic = 0x51444552; // "REDQ"
    private const int PubKeySize = 162;

    public sealed record Reply(uint Major, uint Minor, uint Error, byte[] PublicKey);

    /// <summary>Connects, sends the link message of the main channel and reads the server's link reply.</summary>
    public static async Task<(Socket Socket, Reply Reply)> LinkAsync(string host, int port)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(host), port), cts.Token);
        var mess = new byte[18]; // connection_id 0, channel_type 1 (main), channel_id 0, no caps, caps_offset 18
        mess[4] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(mess.AsSpan(14), 18);
        await socket.SendAsync(Concat(Header(mess.Length), mess), cts.Token);

        var header = await ReadAsync(socket, 16, cts.Token);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic) throw new InvalidOperationException("the SPICE server did not answer with REDQ");
        var body = await ReadAsync(socket, (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)), cts.Token);
        return (socket, new Reply(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)),
            BinaryPrimitives.ReadUInt32LittleEndian(body), body.AsSpan(4, PubKeySize).ToArray()));
    }

    /// <summary>Sends the ticket; returns the server's link result (0: accepted).</summary>
    public static async Task<uint> SendTicketAsync(Socket socket, byte[] publicKey, string password)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        var ticket = rsa.Encrypt(Encoding.UTF8.GetBytes(password + "\0"), RSAEncryptionPadding.OaepSHA1);
        await socket.SendAsync(ticket, cts.Token);
        return BinaryPrimitives.ReadUInt32LittleEndian(await ReadAsync(socket, 4, cts.Token));
    }

    private static byte[] Header(int size)
    {
        var h = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), (uint)size);
        return h;
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    private static async Task<byte[]> ReadAsync(Socket socket, int n, CancellationToken ct)
    {
        var buffer = new byte[n];
        for (int got = 0; got < n;)
        {
            int r = await socket.ReceiveAsync(buffer.AsMemory(got), ct);
            if (r == 0) throw new EndOfStreamException($"the SPICE server closed the connection after {got} of {n} bytes");
            got += r;
        }
        return buffer;
    }
}
