using System.Buffers.Binary;
using Vireo.Core.Storage;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Storage;

/// <summary>
/// Whether an image is LUKS encrypted, from its first bytes, as libvirt's refresh detects it: a LUKS header
/// (magic "LUKS\xba\xbe", the payload offset in 512-byte sectors at byte 104) for a raw volume, crypt_method 2
/// in a qcow2 header. A raw LUKS volume's capacity is what lies after the payload offset.
/// </summary>
public static class LuksHeaderProbe
{
    private static ReadOnlySpan<byte> LuksMagic => [(byte)'L', (byte)'U', (byte)'K', (byte)'S', 0xba, 0xbe];
    private const uint Qcow2Magic = 0x514649fb;
    private const uint Qcow2CryptLuks = 2;

    /// <summary>null: not encrypted (or unreadable); else the format and, for a LUKS container, its payload offset in bytes.</summary>
    public static (VolumeFormat Format, ulong PayloadOffset)? Read(string path)
    {
        try
        {
            var (head, _) = FileHead.Read(path, 112);
            return Parse(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static (VolumeFormat Format, ulong PayloadOffset)? Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 108 && head[..6].SequenceEqual(LuksMagic))
            return (VolumeFormat.Raw, (ulong)BinaryPrimitives.ReadUInt32BigEndian(head[104..]) * 512);
        if (head.Length >= 36 && BinaryPrimitives.ReadUInt32BigEndian(head) == Qcow2Magic
            && BinaryPrimitives.ReadUInt32BigEndian(head[32..]) == Qcow2CryptLuks)
            return (VolumeFormat.Qcow2, 0);
        return null;
    }
}
