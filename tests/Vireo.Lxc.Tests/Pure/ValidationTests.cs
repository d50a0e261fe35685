using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Lxc.Validation;

namespace Vireo.Lxc.Tests.Pure;

public class ValidationTests
{
    private static DomainDef Parse(string os, string devices = "", string extra = "") => DomainDefaults.Apply(DomainXml.Parse(
        $"<domain type='lxc'><name>c1</name><memory unit='MiB'>64</memory>{extra}<os><type>exe</type>{os}</os><devices>{devices}</devices></domain>"));

    private const string Root = "<filesystem type='mount'><source dir='/ct/root'/><target dir='/'/></filesystem>";

    [Fact]
    public void AContainerWithItsOwnRootIsAccepted()
    {
        var def = Parse("<init>/sbin/init</init>", Root);
        ContainerValidator.Validate(def);
        new HostChecks(p => p).CheckSharedRootInit(def);
    }

    [Theory]
    [InlineData("/sbin/init")]
    [InlineData("/lib/systemd/systemd")]
    [InlineData("/usr/local/bin/init")]
    public void SharingTheHostRootWithTheHostInitIsRefused(string init)
    {
        var def = Parse($"<init>{init}</init>");
        var e = Assert.Throws<VirException>(() => new HostChecks(p => p).CheckSharedRootInit(def));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("shares the host's root filesystem", e.Message);
        Assert.Contains(init, e.Message);
    }

    [Fact]
    public void ASymlinkToTheHostInitIsRefusedToo()
    {
        var def = Parse("<init>/usr/local/bin/boot</init>");
        var checks = new HostChecks(p => p switch { "/usr/local/bin/boot" => "/lib/systemd/systemd", "/sbin/init" => "/lib/systemd/systemd", _ => p });
        Assert.Throws<VirException>(() => checks.CheckSharedRootInit(def));
    }

    [Fact]
    public void AnApplicationContainerWithAHarmlessInitMayShareTheHostRoot()
    {
        var def = Parse("<init>/usr/bin/sleep</init><initarg>60</initarg>");
        new HostChecks(p => p == "/sbin/init" ? "/lib/systemd/systemd" : p).CheckSharedRootInit(def);
    }

    [Fact]
    public void AnUnknownCapabilityIsNamedInTheError()
    {
        // The XML parser refuses unknown names already; a definition built in code meets the driver's check.
        var def = Parse("<init>/bin/sh</init>", Root) with
        {
            Features = new FeaturesDef { Capabilities = new CapabilitiesDef { Items = [new CapabilityDef("sys_adminn", OnOff.Off)] } },
        };
        var e = Assert.Throws<VirException>(() => ContainerValidator.Validate(def));
        Assert.Contains("sys_adminn", e.Message);
    }

    [Fact]
    public void AnInterfaceOfTypeUserIsRefused()
    {
        var def = Parse("<init>/bin/sh</init>", Root + "<interface type='user'/>");
        Assert.Throws<VirException>(() => ContainerValidator.Validate(def));
    }

    [Fact]
    public void TwoFilesystemsOnOneTargetAreRefused()
    {
        var def = Parse("<init>/bin/sh</init>", Root +
            "<filesystem type='mount'><source dir='/a'/><target dir='/data'/></filesystem><filesystem type='mount'><source dir='/b'/><target dir='/data/'/></filesystem>");
        var e = Assert.Throws<VirException>(() => ContainerValidator.Validate(def));
        Assert.Contains("'/data'", e.Message);
    }

    [Fact]
    public void AnIdmapWithoutRootIsRefused()
    {
        var def = Parse("<init>/bin/sh</init>", Root, "<idmap><uid start='1' target='1000' count='10'/><gid start='0' target='1000' count='10'/></idmap>");
        var e = Assert.Throws<VirException>(() => ContainerValidator.Validate(def));
        Assert.Contains("uid 0", e.Message);
    }

    [Fact]
    public void APartitionMustBeAnAbsoluteCgroupPath()
    {
        var def = Parse("<init>/bin/sh</init>", Root, "<resource><partition>machine</partition></resource>");
        Assert.Throws<VirException>(() => ContainerValidator.Validate(def));
    }

    [Fact]
    public void AMissingRootDirectoryIsReportedByPath()
    {
        var def = Parse("<init>/bin/sh</init>", "<filesystem type='mount'><source dir='/nonexistent/vireo/root'/><target dir='/'/></filesystem>");
        var e = Assert.Throws<VirException>(() => HostChecks.ForHost().CheckSources(def));
        Assert.Equal(VirErrorCode.OperationFailed, e.Code);
        Assert.Contains("root directory '/nonexistent/vireo/root' of container 'c1' does not exist", e.Message);
    }
}
