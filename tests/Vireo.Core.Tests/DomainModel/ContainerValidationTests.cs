using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Tests.Xml;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

/// <summary>Containers and virtual machines each refuse the other's parts.</summary>
public sealed class ContainerValidationTests
{
    private static IReadOnlyList<string> Problems(string xml) =>
        DomainValidator.Problems(DomainDefaults.Apply(DomainXml.Parse(xml), Guid.NewGuid, DomainDefaults.RandomMacs(new Random(1))))
            .Select(p => p.Message).ToList();

    private static string Single(string xml)
    {
        var problems = Problems(xml);
        Assert.True(problems.Count == 1, "expected one problem, got: " + string.Join(" | ", problems));
        return problems[0];
    }

    [Fact]
    public void MinimalContainer_IsValid() => Assert.Empty(Problems(Doc.Ct()));

    [Fact]
    public void ContainerWithHvmOs_IsRefused() =>
        Assert.Contains("is a container (type 'lxc') and needs <os><type>exe</type></os>",
            Problems(Doc.Ct().Replace("<type>exe</type>", "<type>hvm</type>", StringComparison.Ordinal))[0], StringComparison.Ordinal);

    [Fact]
    public void ContainerWithoutInit_IsRefused() =>
        Assert.Equal("unsupported configuration: domain 'ct1' is a container (type 'lxc') and needs an <init> program in <os>", Single(Doc.Ct(init: "")));

    [Fact]
    public void RelativeInit_IsRefused() =>
        Assert.Equal("XML error: domain 'ct1' has <init> 'sh', which is not an absolute path", Single(Doc.Ct(init: "<init>sh</init>")));

    [Theory]
    [InlineData("<disk type='file'><source file='/a'/><target dev='vda'/></disk>", "<disk> devices")]
    [InlineData("<graphics type='vnc'/>", "<graphics> devices")]
    [InlineData("<video><model type='vga'/></video>", "<video> devices")]
    [InlineData("<input type='mouse' bus='ps2'/>", "<input> devices")]
    [InlineData("<serial type='pty'/>", "<serial> devices")]
    [InlineData("<memballoon model='virtio'/>", "a <memballoon>")]
    [InlineData("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>", "<rng> devices")]
    [InlineData("<controller type='usb' index='0'/>", "<controller> devices")]
    public void ContainerWithVmDevices_IsRefused(string device, string what)
    {
        var root = "<filesystem type='mount'><source dir='/srv/ct/root'/><target dir='/'/></filesystem>";
        var message = Single(Doc.Ct(root + device));
        Assert.StartsWith("unsupported configuration: domain 'ct1' is a container (type 'lxc') and cannot have " + what, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerWithKernel_IsRefused() =>
        Assert.Contains("cannot have <kernel>", Single(Doc.Ct(init: "<init>/bin/sh</init><kernel>/boot/vmlinuz</kernel>")), StringComparison.Ordinal);

    [Fact]
    public void TwoRootFilesystems_AreRefused() =>
        Assert.Equal("XML error: domain 'ct1' mounts more than one filesystem at '/'",
            Single(Doc.Ct("<filesystem type='mount'><source dir='/a'/><target dir='/'/></filesystem><filesystem type='mount'><source dir='/b'/><target dir='/'/></filesystem>")));

    [Fact]
    public void RelativeFilesystemTarget_IsRefused() =>
        Assert.Contains("filesystem with target 'mnt', which is not an absolute path",
            Single(Doc.Ct("<filesystem type='mount'><source dir='/a'/><target dir='/'/></filesystem><filesystem type='mount'><source dir='/b'/><target dir='mnt'/></filesystem>")), StringComparison.Ordinal);

    [Fact]
    public void SharingTheHostRootWithTheHostsInit_IsRefused() =>
        Assert.Equal("unsupported configuration: domain 'ct1' has no root filesystem (target '/'), so it would share the host's root and run the host's /sbin/init; give it a filesystem with target dir='/'",
            Single(Doc.Ct(devices: "", init: "<init>/sbin/init</init>")));

    [Fact]
    public void SharingTheHostRootWithAnotherProgram_IsAllowed() => Assert.Empty(Problems(Doc.Ct(devices: "", init: "<init>/bin/true</init>")));

    [Fact]
    public void IdmapWithoutRoot_IsRefused() =>
        Assert.Contains("does not map the container's root user and group",
            Single(Doc.Ct(top: "<idmap><uid start='1' target='1000' count='10'/><gid start='0' target='1000' count='10'/></idmap>")), StringComparison.Ordinal);

    [Fact]
    public void ContainerWithUserNetworking_IsRefused() =>
        Assert.Contains("cannot have a user-mode (type 'user') interface",
            Single(Doc.Ct("<filesystem type='mount'><source dir='/a'/><target dir='/'/></filesystem><interface type='user'/>")), StringComparison.Ordinal);

    [Fact]
    public void ContainerConsoleWithSerialTarget_IsRefused() =>
        Assert.Contains("console target type must be 'lxc', not 'serial'",
            Single(Doc.Ct("<filesystem type='mount'><source dir='/a'/><target dir='/'/></filesystem><console type='pty'><target type='serial' port='0'/></console>")), StringComparison.Ordinal);

    [Fact]
    public void VmWithExeOs_IsRefused() =>
        Assert.Contains("is a virtual machine (type 'qemu') and needs <os><type>hvm</type></os>",
            Problems(Doc.Vm(os: "<type>exe</type><init>/bin/sh</init>"))[0], StringComparison.Ordinal);

    [Fact]
    public void VmWithContainerParts_IsRefused()
    {
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(DomainXml.Parse(
            Doc.Vm(top: "<idmap><uid start='0' target='1000' count='10'/><gid start='0' target='1000' count='10'/></idmap><currentMemory unit='MiB'>1</currentMemory>"))));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal("unsupported configuration: domain 'web1' is a virtual machine (type 'qemu'); <idmap> is for containers", e.Message);
    }

    [Fact]
    public void VmWithContainerCapabilities_IsRefused() =>
        Assert.Contains("<features><capabilities> is for containers",
            Single(Doc.Vm(top: "<features><capabilities policy='deny'/></features>")), StringComparison.Ordinal);
}
