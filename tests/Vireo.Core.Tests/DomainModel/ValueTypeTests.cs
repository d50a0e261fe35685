using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

public sealed class CpuSetTests
{
    [Theory]
    [InlineData("0-3,^2,5", "0-1,3,5", 4)]
    [InlineData("5,3,1,2", "1-3,5", 4)]
    [InlineData("0", "0", 1)]
    [InlineData("0-1", "0-1", 2)]
    [InlineData(" 1 , 7-9 ,^8", "1,7,9", 3)]
    [InlineData("3,3,3", "3", 1)]
    public void Parse_FormatsCanonicallyAsLibvirtDoes(string text, string canonical, int count)
    {
        var set = CpuSet.Parse(text);
        Assert.Equal(canonical, set.ToString());
        Assert.Equal(count, set.Count);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("a", "'a' is not a valid id")]
    [InlineData("1-", "'1-' is not a valid range")]
    [InlineData("-1", "'-1' is not a valid range")]
    [InlineData("4-2", "range '4-2' goes backwards")]
    [InlineData("^x", "'^x' is not a valid exclusion")]
    [InlineData("70000", "'70000' is not a valid id")]
    [InlineData("0-3,^0-1", "'^0-1' is not a valid exclusion")]
    public void Parse_RefusesBadSyntaxWithAReason(string text, string reason)
    {
        Assert.False(CpuSet.TryParse(text, out var set, out var error));
        Assert.Null(set);
        Assert.Equal(reason, error);
        Assert.Throws<FormatException>(() => CpuSet.Parse(text));
    }

    [Fact]
    public void ContainsEnumerationAndMax_FollowTheMembers()
    {
        var set = CpuSet.Parse("0-2,8");
        Assert.True(set.Contains(2));
        Assert.False(set.Contains(3));
        Assert.Equal([0, 1, 2, 8], set);
        Assert.Equal(8, set.Max);
        Assert.True(CpuSet.Parse("1,^1").IsEmpty);
        Assert.Null(CpuSet.Parse("1,^1").Max);
    }

    [Fact]
    public void Equality_IsByMembersAndKind()
    {
        Assert.Equal(CpuSet.Parse("0-2"), CpuSet.Parse("2,1,0"));
        Assert.Equal(CpuSet.Parse("0-2").GetHashCode(), CpuSet.Parse("0,1,2").GetHashCode());
        Assert.NotEqual(CpuSet.Parse("0-2"), CpuSet.Parse("0-3"));
        Assert.False(CpuSet.Parse("0").Equals(NodeSet.Parse("0")));
        Assert.Equal("0-1,4", NodeSet.Parse("4,0,1").ToString());
    }
}

public sealed class MemorySizeTests
{
    [Theory]
    [InlineData("1", null, 1UL)]
    [InlineData("1", "KiB", 1UL)]
    [InlineData("1", "k", 1UL)]
    [InlineData("1024", "b", 1UL)]
    [InlineData("1025", "bytes", 2UL)]
    [InlineData("1", "B", 1UL)]
    [InlineData("1000", "KB", 977UL)]
    [InlineData("256", "MiB", 262144UL)]
    [InlineData("256", "M", 262144UL)]
    [InlineData("1", "MB", 977UL)]
    [InlineData("2", "GiB", 2097152UL)]
    [InlineData("1", "gb", 976563UL)]
    [InlineData("1", "T", 1073741824UL)]
    [InlineData("1", "TiB", 1073741824UL)]
    [InlineData("1", "PiB", 1099511627776UL)]
    [InlineData(" 42 ", "kib", 42UL)]
    public void Units_ScaleAndRoundUpToKiB(string value, string? unit, ulong kib) =>
        Assert.Equal(kib, MemorySize.Parse(value, unit).KiB);

    [Theory]
    [InlineData("1", "parsecs", "unknown unit 'parsecs'")]
    [InlineData("1", "MiBs", "unknown unit 'MiBs'")]
    [InlineData("-1", "KiB", "memory size '-1' is negative")]
    [InlineData("1.5", "GiB", "'1.5' is not a valid memory size")]
    [InlineData("17", "EiB", "memory size '17EiB' is too large")]
    public void BadSizes_AreRefusedWithAReason(string value, string unit, string error)
    {
        Assert.False(MemorySize.TryParse(value, unit, out _, out var message));
        Assert.Equal(error, message);
        var e = Assert.Throws<VirException>(() => MemorySize.Parse(value, unit));
        Assert.Equal(VirErrorCode.InvalidArg, e.Code);
    }

    [Fact]
    public void Conversions_AndComparison()
    {
        Assert.Equal(MemorySize.FromMiB(1), MemorySize.FromKiB(1024));
        Assert.Equal(MemorySize.FromGiB(1), MemorySize.FromMiB(1024));
        Assert.Equal(2048UL, MemorySize.FromKiB(2).Bytes);
        Assert.Equal(MemorySize.FromKiB(1), MemorySize.FromBytes(1));
        Assert.True(MemorySize.FromMiB(1) < MemorySize.FromMiB(2));
        Assert.Equal("262144 KiB", MemorySize.FromMiB(256).ToString());
    }
}

public sealed class MacAddressTests
{
    [Theory]
    [InlineData("52:54:00:AB:cd:0f", "52:54:00:ab:cd:0f")]
    [InlineData("2:4:6:8:a:c", "02:04:06:08:0a:0c")]
    public void Parse_FormatsLowerCaseTwoDigits(string text, string canonical) =>
        Assert.Equal(canonical, MacAddress.Parse(text).ToString());

    [Theory]
    [InlineData("52:54:00:ab:cd")]
    [InlineData("52:54:00:ab:cd:ef:01")]
    [InlineData("52-54-00-ab-cd-ef")]
    [InlineData("52:54:00:ab:cd:xyz")]
    [InlineData("")]
    public void BadText_IsInvalidMac(string text)
    {
        Assert.False(MacAddress.TryParse(text, out _));
        Assert.Equal(VirErrorCode.InvalidMac, Assert.Throws<VirException>(() => MacAddress.Parse(text)).Code);
    }

    [Fact]
    public void MulticastBit_IsTheLowBitOfTheFirstOctet()
    {
        Assert.True(MacAddress.Parse("01:00:5e:00:00:01").IsMulticast);
        Assert.False(MacAddress.Parse("52:54:00:00:00:01").IsMulticast);
        Assert.Equal([0x52, 0x54, 0x00, 0x12, 0x34, 0x56], MacAddress.Parse("52:54:00:12:34:56").GetBytes());
    }
}

public sealed class XmlNamesTests
{
    [Fact]
    public void ConventionMapsPascalCaseToLibvirtSpelling()
    {
        Assert.Equal("host-model", CpuMode.HostModel.ToXml());
        Assert.Equal("rename-restart", LifecycleAction.RenameRestart.ToXml());
        Assert.Equal("virtio-serial", ControllerType.VirtioSerial.ToXml());
        Assert.Equal("io_uring", DiskIo.IoUring.ToXml());
        Assert.Equal("inject-nmi", WatchdogAction.InjectNmi.ToXml());
        Assert.Equal("ps2", InputBus.Ps2.ToXml());
        Assert.Equal("ich9", SoundModel.Ich9.ToXml());
        Assert.Equal("force-shared", SharePolicy.ForceShared.ToXml());
    }

    [Fact]
    public void ParsingIsCaseSensitiveLikeLibvirt()
    {
        Assert.True(XmlNames.TryParse<DiskBus>("virtio", out var bus));
        Assert.Equal(DiskBus.Virtio, bus);
        Assert.False(XmlNames.TryParse<DiskBus>("Virtio", out _));
        Assert.Equal(["utc", "localtime", "timezone", "variable"], XmlNames.All<ClockOffset>());
    }
}
