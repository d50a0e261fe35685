using Vireo.Core.Backups;
using Vireo.Core.Errors;
using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Tests.Xml;

namespace Vireo.Core.Tests.Backups;

/// <summary>
/// &lt;domainbackup&gt;: the documents libvirtd 9.0's backup-dumpxml prints (index attributes left out) round trip
/// exactly and validate against libvirt's domainbackup.rng; what Vireo does not read is refused.
/// </summary>
public sealed class BackupXmlTests
{
    public static TheoryData<string> Backups => Corpus.Files("backups");

    [Theory]
    [MemberData(nameof(Backups))]
    public void FormatOfParse_GivesTheDocumentBack(string file)
    {
        var xml = Corpus.Read("backups", file);
        Assert.Equal(xml, BackupXml.Format(BackupXml.Parse(xml)));
    }

    [Theory]
    [MemberData(nameof(Backups))]
    public void FormattedBackup_ValidatesAgainstLibvirtSchema(string file)
    {
        var xml = BackupXml.Format(BackupXml.Parse(Corpus.Read("backups", file)));
        var (valid, output) = SchemaValidator.Validate(xml, "domainbackup.rng");
        Assert.True(valid, $"{file} failed libvirt's domainbackup.rng:\n{output}\n{xml}");
    }

    [Fact]
    public void A_request_without_anything_is_a_push_backup_of_every_disk()
    {
        var def = BackupXml.Parse("<domainbackup/>");
        Assert.Equal(new DomainBackupDef(), def);
        Assert.Equal("<domainbackup mode='push'/>\n", BackupXml.Format(def));
    }

    [Theory]
    [InlineData("<foo/>", VirErrorCode.XmlError, "XML error: expecting root element of 'domainbackup', not 'foo'")]
    [InlineData("<domainbackup mode='xx'/>", VirErrorCode.ConfigUnsupported, null)]
    [InlineData("<domainbackup><server transport='tcp'/></domainbackup>", VirErrorCode.ConfigUnsupported, "unsupported configuration: element <server> in <domainbackup> is not supported by Vireo")]
    [InlineData("<domainbackup><disks><disk/></disks></domainbackup>", VirErrorCode.XmlError, null)]
    public void What_Vireo_cannot_read_is_refused(string xml, VirErrorCode code, string? message)
    {
        var e = Assert.Throws<VirException>(() => BackupXml.Parse(xml));
        Assert.Equal(code, e.Code);
        if (message is not null) Assert.Equal(message, e.Message);
    }
}
