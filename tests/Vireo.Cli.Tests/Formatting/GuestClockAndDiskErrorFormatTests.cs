using Vireo.Cli.Formatting;
using Vireo.Cli.Infrastructure;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>virsh domtime's and domblkerror's output and option rules, as Debian's virsh prints them.</summary>
public sealed class GuestClockAndDiskErrorFormatTests
{
    private static readonly DateTimeOffset HostNow = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Domtime_prints_seconds_or_the_utc_date()
    {
        Assert.Equal("Time: 2000000000\n", DomainFormat.DomTime(new GuestTime(2_000_000_000, 999), pretty: false));
        Assert.Equal("Time: 2033-05-18 03:33:20\n", DomainFormat.DomTime(new GuestTime(2_000_000_000, 999), pretty: true));
    }

    [Fact]
    public void Domtime_options_choose_a_read_a_set_now_or_a_sync()
    {
        Assert.Null(DomainFormat.DomTimeRequest(null, now: false, sync: false, HostNow));
        Assert.Equal((new GuestTime(-5, 0), SetTimeFlags.None), DomainFormat.DomTimeRequest("-5", false, false, HostNow));
        Assert.Equal((new GuestTime(1_800_000_000, 0), SetTimeFlags.None), DomainFormat.DomTimeRequest(null, true, false, HostNow));
        Assert.Equal((new GuestTime(0, 0), SetTimeFlags.Sync), DomainFormat.DomTimeRequest(null, false, true, HostNow));
        Assert.Equal((new GuestTime(1_800_000_000, 0), SetTimeFlags.Sync), DomainFormat.DomTimeRequest(null, true, true, HostNow));
    }

    [Theory]
    [InlineData("5", true, false, "Options --time and --now are mutually exclusive")]
    [InlineData("5", false, true, "Options --time and --sync are mutually exclusive")]
    [InlineData("abc", false, false, "Numeric value 'abc' for <time> option is malformed or out of range")]
    public void Domtime_refuses_what_virsh_refuses_in_its_words(string time, bool now, bool sync, string message) =>
        Assert.Equal(message, Assert.Throws<CliError>(() => DomainFormat.DomTimeRequest(time, now, sync, HostNow)).Message);

    [Fact]
    public void Domblkerror_prints_no_errors_found_or_one_line_per_disk()
    {
        Assert.Equal("No errors found\n", DomainFormat.DomBlkError([]));
        Assert.Equal("vda: no space\nvdb: unspecified error\n",
            DomainFormat.DomBlkError([new DiskError("vda", DiskErrorCode.NoSpace), new DiskError("vdb", DiskErrorCode.Unspec)]));
    }
}
