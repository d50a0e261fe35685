using Vireo.Cli.Infrastructure;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>virsh 9.0's plain numeric options (iothreadset's id, polling values and pool bounds, checked with Debian's virsh).</summary>
public sealed class VshNumberTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("+5", 5)]
    [InlineData(" 5", 5)]
    [InlineData("010", 10)]
    [InlineData("-1", -1)]
    public void Ints_take_a_sign_and_leading_blanks(string text, int value) => Assert.Equal(value, VshNumber.Int(text, "thread-pool-min"));

    [Theory]
    [InlineData("-1")]
    [InlineData("-0")]
    [InlineData("4294967296")]
    [InlineData("0x10")]
    [InlineData("")]
    [InlineData("5 ")]
    public void Unsigned_ints_refuse_a_minus_sign_hex_and_anything_out_of_range(string text)
    {
        var e = Assert.Throws<CliError>(() => VshNumber.UInt(text, "poll-grow"));
        Assert.Equal([$"Numeric value '{text}' for <poll-grow> option is malformed or out of range"], e.Lines);
    }

    [Fact]
    public void Unsigned_long_longs_take_the_whole_range()
    {
        Assert.Equal(ulong.MaxValue, VshNumber.ULong("18446744073709551615", "poll-max-ns"));
        Assert.Equal(4294967295u, VshNumber.UInt("4294967295", "poll-grow"));
        Assert.Throws<CliError>(() => VshNumber.ULong("18446744073709551616", "poll-max-ns"));
        Assert.Throws<CliError>(() => VshNumber.Int("2147483648", "id"));
    }
}
