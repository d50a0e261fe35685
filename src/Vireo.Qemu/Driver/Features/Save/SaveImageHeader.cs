using System.Buffers.Binary;
using System.Text;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// Vireo's save image (not libvirt's format): a 32-byte header, the domain XML, zero padding to a 4 KiB
/// boundary, then QEMU's migration stream to the end of the file.
/// <code>
///  0  8  magic "VireoSav"
///  8  4  version (1), little-endian like every number here
/// 12  4  flags: bit 0 = the guest was running when saved (restore resumes it unless told otherwise)
/// 16  4  length of the XML in bytes (UTF-8, no terminator)
/// 20  4  reserved, 0
/// 24  8  offset of the migration stream
/// </code>
/// An image only ever has its final name once complete (written to a temporary name, then renamed), so
/// the header carries no "complete" mark.
/// </summary>
internal sealed record SaveImageHeader(string Xml, bool WasRunning)
{
    public const int Size = 32;
    public const int Version = 1;
    public const int Alignment = 4096;
    public static ReadOnlySpan<byte> Magic => "VireoSav"u8;

    /// <summary>The header and XML, padded so the migration stream starts at <see cref="DataOffset"/>.</summary>
    public byte[] Encode()
    {
        var xml = Encoding.UTF8.GetBytes(Xml);
        var offset = DataOffsetFor(xml.Length);
        var bytes = new byte[offset];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), WasRunning ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)xml.Length);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), offset);
        xml.CopyTo(bytes, Size);
        return bytes;
    }

    public long DataOffset => DataOffsetFor(Encoding.UTF8.GetByteCount(Xml));

    private static long DataOffsetFor(int xmlLength) => (Size + (long)xmlLength + Alignment - 1) / Alignment * Alignment;

    /// <summary>Reads the header and XML from the start of <paramref name="file"/>; refuses what is not a Vireo save image in libvirt's words.</summary>
    public static (SaveImageHeader Header, long DataOffset) Read(Stream file)
    {
        Span<byte> head = stackalloc byte[Size];
        var got = ReadFully(file, head);
        if (got < Magic.Length || !head[..Magic.Length].SequenceEqual(Magic))
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu, "image magic is incorrect");
        // A file cut short after the magic is a damaged image, not a foreign one: say so rather than "magic".
        if (got < Size)
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu, $"save image is damaged: it ends inside its {Size}-byte header (after {got} bytes)");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (version != Version) // 0 was never written: a zeroed or foreign header, refused like a newer one
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu,
                $"image version is not supported ({version} {(version > Version ? ">" : "<")} {Version})");
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        var xmlLength = BinaryPrimitives.ReadUInt32LittleEndian(head[16..]);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(head[24..]);
        if (offset < Size + (long)xmlLength || xmlLength > 16 * 1024 * 1024)
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu, "save image is damaged: its header gives an impossible XML length or data offset");
        var xml = new byte[xmlLength];
        if (ReadFully(file, xml) < xml.Length)
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu, "save image is damaged: it ends inside its domain XML");
        return (new SaveImageHeader(Encoding.UTF8.GetString(xml), (flags & 1) != 0), offset);
    }

    private static int ReadFully(Stream s, Span<byte> into)
    {
        int total = 0;
        while (total < into.Length)
        {
            var n = s.Read(into[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
