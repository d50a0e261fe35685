using System.Buffers.Binary;
using System.Text;
using Vireo.Core.Domain;

namespace Vireo.Core.Images;

/// <summary>
/// What a disk image's first bytes say: its format (qcow2 by magic, else raw), its virtual size, and for
/// qcow2 the backing file and its format, the cluster size, the version and the lazy-refcounts bit. Reading
/// the header directly (instead of running qemu-img info) is safe while QEMU has the image open and costs
/// one read. Pure parsing: the bytes come from <c>Vireo.Drivers.Storage.ImageHeaderReader</c>.
/// </summary>
/// <param name="ClusterSize">1 &lt;&lt; cluster_bits for qcow2; 0 for raw.</param>
/// <param name="Version">The qcow2 version (2 or 3; qemu-img's compat 0.10 and 1.1); 0 for raw.</param>
/// <param name="LazyRefcounts">qcow2 v3's compatible feature bit 0.</param>
public sealed record ImageHeader(DiskFormat Format, ulong VirtualSize, string? BackingFile, DiskFormat? BackingFormat,
    uint ClusterSize = 0, int Version = 0, bool LazyRefcounts = false)
{
    /// <summary>How much of a file <see cref="Parse"/> needs: the header, its extensions and the backing name lie in the first cluster, at most 64 KiB here.</summary>
    public const int HeadBytes = 1 << 16;

    private const uint Qcow2Magic = 0x514649fb;
    private const uint BackingFormatExtension = 0xe2792aca;

    /// <summary>Parses the start of an image; <paramref name="fileLength"/> is the size of a raw image.</summary>
    public static ImageHeader Parse(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.Length < 72 || BinaryPrimitives.ReadUInt32BigEndian(head) != Qcow2Magic)
            return new ImageHeader(DiskFormat.Raw, (ulong)fileLength, null, null);
        uint version = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        if (version is not (2 or 3)) throw new InvalidDataException($"qcow2 version {version} is not supported");
        if (version == 3 && head.Length < 104) throw new InvalidDataException("the qcow2 version 3 header is cut short");
        ulong backingOffset = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
        uint backingSize = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
        uint clusterBits = BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
        ulong size = BinaryPrimitives.ReadUInt64BigEndian(head[24..]);
        if (clusterBits is < 9 or > 21) throw new InvalidDataException($"qcow2 cluster_bits {clusterBits} is out of range");
        string? backing = null;
        if (backingOffset != 0 && backingSize > 0)
        {
            if (backingOffset + backingSize > (ulong)head.Length)
                throw new InvalidDataException("the qcow2 backing file name lies outside the header cluster");
            backing = Encoding.UTF8.GetString(head.Slice((int)backingOffset, (int)backingSize));
        }
        // compatible_features (v3 only) at byte 80: bit 0 is lazy refcounts.
        bool lazy = version == 3 && (BinaryPrimitives.ReadUInt64BigEndian(head[80..]) & 1) != 0;
        DiskFormat? backingFormat = null;
        // Header extensions follow the header (72 bytes in v2, header_length in v3), 8-byte aligned.
        int at = version == 2 ? 72 : (int)BinaryPrimitives.ReadUInt32BigEndian(head[100..]);
        while (at >= 0 && at + 8 <= head.Length)
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
        return new ImageHeader(DiskFormat.Qcow2, size, backing, backingFormat, 1u << (int)clusterBits, (int)version, lazy);
    }

    /// <summary>A relative backing name is relative to the image's directory (as QEMU resolves it); absolute ones stay.</summary>
    public ImageHeader WithBackingResolvedFrom(string imagePath) =>
        BackingFile is { } b && !Path.IsPathRooted(b)
            ? this with { BackingFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(imagePath) ?? "/", b)) }
            : this;
}
