using Vireo.Core.Errors;
using Vireo.Core.Snapshots;

namespace Vireo.Core.Tests.Snapshots;

public sealed class SnapshotErrorTests
{
    private static VirException Fails(string xml) => Assert.Throws<VirException>(() => SnapshotXml.Parse(xml));

    [Fact]
    public void WrongRoot_IsXmlErrorFromTheXmlDomain_AsLibvirtdReportsIt()
    {
        var e = Fails("<domain type='qemu'><name>x</name></domain>");
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Equal(VirErrorDomain.Xml, e.ErrorDomain);
        Assert.Equal("XML error: expecting root element of 'domainsnapshot', not 'domain'", e.Message);
    }

    [Fact]
    public void Malformed_NamesLineAndColumn() =>
        Assert.Contains("line 2", Fails("<domainsnapshot>\n<name>x</nam></domainsnapshot>").Message, StringComparison.Ordinal);

    [Fact]
    public void UnknownState_NamesTheSnapshot() =>
        Assert.Equal("unsupported configuration: unknown value 'sleeping' for <state> in snapshot 's1'; expected one of: nostate, running, blocked, paused, shutdown, shutoff, crashed, pmsuspended, disk-snapshot",
            Fails("<domainsnapshot><name>s1</name><state>sleeping</state></domainsnapshot>").Message);

    [Fact]
    public void UnsupportedElements_AreRefused()
    {
        Assert.Equal("unsupported configuration: element <cookie> in <domainsnapshot> is not supported by Vireo",
            Fails("<domainsnapshot><name>s1</name><cookie><x/></cookie></domainsnapshot>").Message);
        Assert.Equal("unsupported configuration: attribute 'protocol' of <source> is not supported by Vireo",
            Fails("<domainsnapshot><disks><disk name='vda'><source protocol='nbd'/></disk></disks></domainsnapshot>").Message);
    }

    [Fact]
    public void BadActive_IsRefused() =>
        Assert.Equal("XML error: invalid value 'yes' for <active> in snapshot 's1': expected 0 or 1",
            Fails("<domainsnapshot><name>s1</name><active>yes</active></domainsnapshot>").Message);

    [Fact]
    public void EmbeddedDomainErrors_NameTheDomain()
    {
        var e = Fails("<domainsnapshot><name>s1</name><domain type='qemu'><name>web1</name><os><type>hvm</type></os><devices><hostdev/></devices></domain></domainsnapshot>");
        Assert.Equal("unsupported configuration: element <hostdev> in <devices> is not supported by Vireo", e.Message);
        var bad = Fails("<domainsnapshot><name>s1</name><domain type='qemu'><name>web1</name><memory unit='zz'>1</memory><os><type>hvm</type></os></domain></domainsnapshot>");
        Assert.Equal("XML error: invalid memory size in <memory> in domain 'web1': unknown unit 'zz'", bad.Message);
    }

    [Fact]
    public void SnapshotWithoutName_IsAllowed_AsACreateRequest()
    {
        var s = SnapshotXml.Parse("<domainsnapshot><description>nightly</description></domainsnapshot>");
        Assert.Null(s.Name);
        Assert.Equal("<domainsnapshot>\n  <description>nightly</description>\n</domainsnapshot>\n", SnapshotXml.Format(s));
    }
}
