using Vireo.Core.Storage;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Tests.Storage;

/// <summary>The qemu-img argv of encrypted volumes (libvirt 9.0's options) and the LUKS header probe, without I/O.</summary>
public sealed class LuksVolumeArgsTests
{
    private static readonly Guid Secret = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void A_raw_luks_volume_is_a_luks_image_keyed_by_a_secret_file()
    {
        var def = StorageVolXml.Parse($"<volume><name>a.raw</name><capacity unit='M'>16</capacity><target><format type='raw'/>" +
            $"<encryption format='luks'><secret type='passphrase' uuid='{Secret}'/></encryption></target></volume>");
        Assert.Equal(new VolumeEncryption("luks", [new VolumeSecretRef(Secret, null)]).Secrets, def.Encryption!.Secrets);
        Assert.Equal(
            ["create", "-q", "-f", "luks", "--object", "secret,id=volume_encrypt0,file=/run/p,,q/.a.secret", "-o", "key-secret=volume_encrypt0",
                "/pool/.a.raw.tmp", "16777216"],
            EncryptedImageArgs.Create("/pool/.a.raw.tmp", def, "/run/p,q/.a.secret"));
    }

    [Fact]
    public void A_qcow2_luks_volume_has_encrypt_options_before_its_own()
    {
        var def = StorageVolXml.Parse($"<volume><name>a.qcow2</name><capacity>1048576</capacity><target><format type='qcow2'/>" +
            $"<features><lazy_refcounts/></features><encryption format='luks'><secret type='passphrase' usage='/v'/></encryption></target></volume>");
        Assert.Equal("/v", def.Encryption!.Secrets[0].Usage);
        Assert.Equal(
            ["create", "-q", "-f", "qcow2", "--object", "secret,id=volume_encrypt0,file=/s", "-o",
                "encrypt.format=luks,encrypt.key-secret=volume_encrypt0,compat=1.1,lazy_refcounts=on", "/pool/a.qcow2", "1048576"],
            EncryptedImageArgs.Create("/pool/a.qcow2", def, "/s"));
    }

    [Theory]
    [InlineData("<encryption format='bogus'/>", "unknown volume encryption format type bogus")]
    [InlineData("<encryption format='luks'><secret type='volume' uuid='11111111-2222-3333-4444-555555555555'/></encryption>", "unknown volume encryption secret type volume")]
    [InlineData("<encryption format='luks'><secret type='passphrase'/></encryption>", "missing secret uuid or usage attribute")]
    [InlineData("<encryption format='luks'><secret type='passphrase' uuid='zz'/></encryption>", "invalid secret uuid 'zz'")]
    public void Bad_encryption_xml_gets_libvirts_sentence(string encryption, string message)
    {
        var e = Assert.ThrowsAny<Core.Errors.VirException>(() =>
            StorageVolXml.Parse($"<volume><name>x</name><capacity>1</capacity><target>{encryption}</target></volume>"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_probe_finds_a_luks_header_with_its_payload_offset_and_a_luks_qcow2()
    {
        var luks = new byte[112];
        byte[] magic = [(byte)'L', (byte)'U', (byte)'K', (byte)'S', 0xba, 0xbe];
        magic.CopyTo(luks, 0);
        luks[104 + 2] = 0x0f;
        luks[104 + 3] = 0xc8; // 4040 sectors, as qemu-img writes for a 16 MiB volume
        Assert.Equal((VolumeFormat.Raw, 4040UL * 512), LuksHeaderProbe.Parse(luks));

        var qcow2 = new byte[112];
        byte[] q = [0x51, 0x46, 0x49, 0xfb];
        q.CopyTo(qcow2, 0);
        Assert.Null(LuksHeaderProbe.Parse(qcow2));
        qcow2[35] = 2;
        Assert.Equal((VolumeFormat.Qcow2, 0UL), LuksHeaderProbe.Parse(qcow2));
        Assert.Null(LuksHeaderProbe.Parse(new byte[112]));
    }
}
