using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Save;

namespace Vireo.Qemu.Tests.Features.Save;

/// <summary>
/// Vireo's save image header (SaveImageHeader's layout comment): written bytes checked field by field against
/// the documented offsets, read back, and every way a file can fail to be an image refused with its sentence.
/// </summary>
public sealed class SaveImageHeaderTests
{
    private const string Xml = "<domain type='qemu'><name>gäst-✓</name></domain>";

    [Fact]
    public void Encoded_header_has_the_documented_layout_and_reads_back()
    {
        var bytes = new SaveImageHeader(Xml, WasRunning: true).Encode();
        var xmlBytes = System.Text.Encoding.UTF8.GetBytes(Xml);

        Assert.Equal(4096, bytes.Length); // 32 + XML, padded to the 4 KiB boundary
        Assert.Equal("566972656F536176", Convert.ToHexString(bytes, 0, 8)); // "VireoSav"
        Assert.Equal("01000000", Convert.ToHexString(bytes, 8, 4)); // version 1, little-endian
        Assert.Equal("01000000", Convert.ToHexString(bytes, 12, 4)); // bit 0: was running
        Assert.Equal(xmlBytes.Length, BitConverter.ToInt32(bytes, 16));
        Assert.Equal("00000000", Convert.ToHexString(bytes, 20, 4)); // reserved
        Assert.Equal("0010000000000000", Convert.ToHexString(bytes, 24, 8)); // stream at 4096
        Assert.Equal(xmlBytes, bytes[32..(32 + xmlBytes.Length)]);
        Assert.All(bytes[(32 + xmlBytes.Length)..], b => Assert.Equal(0, b));

        using var file = new MemoryStream([.. bytes, .. "QEVM"u8]);
        var (header, offset) = SaveImageHeader.Read(file);
        Assert.Equal(new SaveImageHeader(Xml, true), header);
        Assert.Equal(4096, offset);
        file.Position = offset;
        Assert.Equal((byte)'Q', file.ReadByte());
    }

    [Fact]
    public void A_paused_guest_clears_the_running_bit()
    {
        var bytes = new SaveImageHeader(Xml, WasRunning: false).Encode();
        Assert.Equal("00000000", Convert.ToHexString(bytes, 12, 4));
        Assert.False(SaveImageHeader.Read(new MemoryStream(bytes)).Header.WasRunning);
    }

    [Fact]
    public void Xml_that_fills_the_first_block_moves_the_stream_to_the_next_one()
    {
        var exact = new SaveImageHeader(new string('x', 4096 - 32), false);
        Assert.Equal(4096, exact.DataOffset);
        Assert.Equal(4096, exact.Encode().Length);
        var over = new SaveImageHeader(new string('x', 4096 - 31), false);
        Assert.Equal(8192, over.DataOffset);
        Assert.Equal(over, SaveImageHeader.Read(new MemoryStream(over.Encode())).Header);
    }

    [Fact]
    public void A_file_with_another_magic_is_refused()
    {
        var bytes = new SaveImageHeader(Xml, true).Encode();
        "LibvirtQemudSave"u8.CopyTo(bytes);
        AssertRefused(bytes, "operation failed: image magic is incorrect");
        AssertRefused([], "operation failed: image magic is incorrect");
        AssertRefused("Vireo"u8.ToArray(), "operation failed: image magic is incorrect");
    }

    [Fact]
    public void A_header_cut_short_after_the_magic_is_called_damaged()
    {
        var bytes = new SaveImageHeader(Xml, true).Encode();
        AssertRefused(bytes[..20], "operation failed: save image is damaged: it ends inside its 32-byte header (after 20 bytes)");
    }

    [Fact]
    public void An_image_cut_inside_its_xml_is_called_damaged()
    {
        var bytes = new SaveImageHeader(Xml, true).Encode();
        AssertRefused(bytes[..40], "operation failed: save image is damaged: it ends inside its domain XML");
    }

    [Theory]
    [InlineData(2u, "operation failed: image version is not supported (2 > 1)")]
    [InlineData(0u, "operation failed: image version is not supported (0 < 1)")]
    public void An_unknown_version_is_refused(uint version, string message)
    {
        var bytes = new SaveImageHeader(Xml, true).Encode();
        BitConverter.TryWriteBytes(bytes.AsSpan(8), version);
        AssertRefused(bytes, message);
    }

    [Fact]
    public void A_data_offset_inside_the_xml_is_refused()
    {
        var bytes = new SaveImageHeader(Xml, true).Encode();
        BitConverter.TryWriteBytes(bytes.AsSpan(24), 33L);
        AssertRefused(bytes, "operation failed: save image is damaged: its header gives an impossible XML length or data offset");
    }

    private static void AssertRefused(byte[] file, string message)
    {
        var e = Assert.Throws<VirException>(() => SaveImageHeader.Read(new MemoryStream(file)));
        Assert.Equal(VirErrorCode.OperationFailed, e.Code);
        Assert.Equal(VirErrorDomain.Qemu, e.ErrorDomain);
        Assert.Equal(message, e.Message);
    }
}
