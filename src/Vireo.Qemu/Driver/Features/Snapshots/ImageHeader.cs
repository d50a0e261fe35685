using System.Buffers.Binary;
using System.Text;
using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// What a disk image's first bytes say: its format (qcow2 by magic, else raw), its virtual size, and for
/// qcow2 the backing file and its format. Reading the header directly (instead of running qemu-img
/// info) is safe while QEMU has the image open and costs one read. Pure parsing plus one read helper.
/// </summary>
internal sealed record ImageHeader(DiskFormat Format, ulong VirtualSize, string? BackingFile, DiskFormat? BackingFormat)
{
    private const uint Qcow2Magic = 0x514649fb;
    private const uint BackingFormatExtension = 0xe2792aca;

    /// <summary>Parses the start of an image; <paramref name="fileLength"/> is the size of a raw image.</summary>
    public static ImageHeader Parse(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.Length < 72 || BinaryPrimitives.ReadUInt32BigEndian(head) != Qcow2Magic)
            return new ImageHeader(DiskFormat.Raw, (ulong)fileLength, null, null);
        uint version = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        if (version is not (2 or 3)) throw new InvalidDataException($"qcow2 version {version} is not supported");
        ulong backingOffset = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
        uint backingSize = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
        ulong size = BinaryPrimitives.ReadUInt64BigEndian(head[24..]);
        string? backing = null;
        if (backingOffset != 0 && backingSize > 0)
        {
            if (backingOffset + backingSize > (ulong)head.Length)
                throw new InvalidDataException("the qcow2 backing file name lies outside the header cluster");
            backing = Encoding.UTF8.GetString(head.Slice((int)backingOffset, (int)backingSize));
        }
        DiskFormat? backingFormat = null;
        // Header extensions follow the header (72 bytes in v2, header_length in v3), 8-byte aligned.
        int at = version == 2 ? 72 : (int)BinaryPrimitives.ReadUInt32BigEndian(head[100..]);
        while (at + 8 <= head.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32BigEndian(head[at..]);
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(head[(at + 4)..]);
            if (type == 0 || length < 0 || at + 8 + length > head.Length) break;
            if (type == BackingFormatExtension)
                backingFormat = Encoding.ASCII.GetString(head.Slice(at + 8, length)) switch
                {
                    "qcow2" => DiskFormat.Qcow2,
                    "raw" => DiskFormat.Raw,
                    var other => throw new InvalidDataException($"backing format '{other}' is not supported"),
                };
            at += 8 + ((length + 7) & ~7);
        }
        return new ImageHeader(DiskFormat.Qcow2, size, backing, backingFormat);
    }

    /// <summary>Reads an image's header. The backing path comes back absolute (relative names are relative to the image's directory).</summary>
    public static ImageHeader Read(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[Math.Min(Qcow2Overlay.ClusterSize, Math.Max(f.Length, 0))];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = f.Read(buffer, read, buffer.Length - read);
            if (n == 0) break;
            read += n;
        }
        var header = Parse(buffer.AsSpan(0, read), f.Length);
        if (header.BackingFile is { } b && !Path.IsPathRooted(b))
            header = header with { BackingFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "/", b)) };
        return header;
    }

    /// <summary>The image and every backing image below it, top first (a loop is an error).</summary>
    public static IReadOnlyList<(string Path, ImageHeader Header)> ReadChain(string top)
    {
        var chain = new List<(string, ImageHeader)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? path = top;
        while (path is not null)
        {
            if (!seen.Add(path)) throw new InvalidDataException($"the backing chain of '{top}' loops at '{path}'");
            var h = Read(path);
            chain.Add((path, h));
            path = h.BackingFile;
        }
        return chain;
    }
}
