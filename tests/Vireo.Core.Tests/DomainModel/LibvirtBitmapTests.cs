using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Core.Tests.DomainModel;

/// <summary>
/// The id lists of virsh guestvcpus --cpulist and setvcpu, read as libvirt's virBitmapParse reads them. Every
/// case below was given to a sandboxed libvirtd 9.0 (python-libvirt's setGuestVcpus, bitmap of 4096 bits):
/// the accepted ones changed the CPUs expected, the others failed with exactly this error.
/// </summary>
public sealed class LibvirtBitmapTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("0-1", "0-1")]
    [InlineData(" 1", "1")]
    [InlineData("1,", "1")]
    [InlineData("^1", "")]
    [InlineData("0,^0", "")]
    [InlineData("4095", "4095")]
    [InlineData("1,3-7", "1,3-7")]
    [InlineData("1 ,2", "1-2")]
    [InlineData("1,2 ", "1-2")]
    [InlineData("01", "1")]
    [InlineData("1-+2", "1-2")]
    public void Libvirt_accepts(string text, string ids) => Assert.Equal(ids, LibvirtBitmap.Format(LibvirtBitmap.Parse(text, 4096)));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1-0")]
    [InlineData("1,,2")]
    [InlineData("4096")]
    [InlineData("5000")]
    [InlineData("+1")]
    [InlineData("^1-2")]
    public void Libvirt_refuses(string text)
    {
        var e = Assert.Throws<VirException>(() => LibvirtBitmap.Parse(text, 4096));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.None, $"invalid argument: Failed to parse bitmap '{text}'"), (e.Code, e.ErrorDomain, e.Message));
    }

    /// <summary>libvirtd 9.0: setGuestVcpus('^0,0', 0) refused CPU 0 (so the list held it), '0,^0' changed nothing, '1 - 2' took both offline.</summary>
    [Fact]
    public void Entries_apply_left_to_right_unlike_a_cpuset()
    {
        Assert.Equal([0], LibvirtBitmap.Parse("^0,0", 8));
        Assert.Equal("", CpuSet.Parse("^0,0").ToString());
        Assert.Equal([1, 2], LibvirtBitmap.Parse("1 - 2", 8));
    }
}
