using System.Buffers.Binary;
using System.IO.Compression;

namespace Vireo.IntegrationTests.Graphics.Support;

/// <summary>
/// Reads a PNG far enough to know it is a whole, valid image (RFC 2083): the signature, IHDR's size and
/// pixel format, every chunk's CRC, and image data that inflates to exactly one filtered row per line.
/// </summary>
internal sealed record PngImage(int Width, int Height, int BitDepth, int ColorType)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Parse(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG: wrong signature");
        int pos = 8, width = 0, height = 0, depth = 0, color = 0;
        var idat = new MemoryStream();
        bool end = false;
        while (!end)
        {
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(Crc32(png.AsSpan(pos + 4, len + 4)), crc);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    depth = data[8];
                    color = data[9];
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": end = true; break;
            }
            pos += 12 + len;
        }
        int channels = color switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"PNG color type {color}") };
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var pixels = new MemoryStream();
        z.CopyTo(pixels);
        Assert.Equal((long)height * (1 + (width * channels * depth + 7) / 8), pixels.Length);
        return new PngImage(width, height, depth, color);
    }

    /// <summary>The CRC-32 of ISO 3309 that PNG uses (reflected, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
