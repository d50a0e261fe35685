using System.Buffers.Binary;
using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Tests.Support;

/// <summary>
/// A recorded libvirt session (the "LVR1" files of the captures): per connection, the messages in both
/// directions in the order they were seen. Record layout: u8 kind (0 client→server, 1 server→client,
/// 2 open, 3 close), u32 connection, f64 time, u32 length, bytes; all big-endian.
/// </summary>
public sealed class CaptureFile
{
    public sealed record Message(bool FromClient, byte[] Bytes)
    {
        public MessageHeader Header => MessageHeader.Read(Bytes.AsSpan(4));
        public ReadOnlySpan<byte> Payload => Bytes.AsSpan(28);
    }

    /// <summary>One connection: its messages, and raw bytes the client sent that do not form a message.</summary>
    public sealed record Connection(int Id, List<Message> Messages, List<byte[]> Garbage);

    public required IReadOnlyList<Connection> Connections { get; init; }

    public static string PathOf(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Captures", name + ".lvr");

    public static CaptureFile Load(string name) => Parse(File.ReadAllBytes(PathOf(name)));

    public static CaptureFile Parse(byte[] data)
    {
        if (data.Length < 4 || data[0] != 'L' || data[1] != 'V' || data[2] != 'R' || data[3] != '1')
            throw new InvalidDataException("not an LVR1 capture");
        var conns = new SortedDictionary<int, Connection>();
        var pending = new Dictionary<(int, bool), List<byte>>();
        var off = 4;
        while (off + 17 <= data.Length)
        {
            var kind = data[off];
            var conn = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(off + 1));
            var len = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(off + 13));
            var bytes = data.AsSpan(off + 17, len).ToArray();
            off += 17 + len;
            if (!conns.TryGetValue(conn, out var c)) conns[conn] = c = new Connection(conn, [], []);
            if (kind > 1) continue;
            var fromClient = kind == 0;
            if (!pending.TryGetValue((conn, fromClient), out var buf)) pending[(conn, fromClient)] = buf = [];
            buf.AddRange(bytes);
            while (buf.Count >= 4)
            {
                var n = (int)BinaryPrimitives.ReadUInt32BigEndian(buf.GetRange(0, 4).ToArray());
                if (n < 28 || n > 33554436)
                {
                    c.Garbage.Add([.. buf]);
                    buf.Clear();
                    break;
                }
                if (buf.Count < n) break;
                c.Messages.Add(new Message(fromClient, buf.GetRange(0, n).ToArray()));
                buf.RemoveRange(0, n);
            }
        }
        return new CaptureFile { Connections = conns.Values.ToList() };
    }
}
