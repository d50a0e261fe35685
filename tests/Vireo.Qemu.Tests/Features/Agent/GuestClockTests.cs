using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>guest-get-time/guest-set-time in libvirt's seconds and nanoseconds.</summary>
public sealed class GuestClockTests
{
    [Fact]
    public void The_agents_nanoseconds_split_into_seconds_and_nanoseconds()
    {
        Assert.Equal(new GuestTime(1_700_000_000, 123_456_789), GuestClock.FromAgent(JsonNode.Parse("1700000000123456789"), "g"));
        Assert.Equal(new GuestTime(0, 0), GuestClock.FromAgent(JsonNode.Parse("0"), "g"));
        // Before 1970 the nanoseconds stay in [0, 1e9): -0.5 s is -1 s + 500000000 ns.
        Assert.Equal(new GuestTime(-1, 500_000_000), GuestClock.FromAgent(JsonNode.Parse("-500000000"), "g"));
    }

    [Fact]
    public void An_answer_without_a_number_is_an_error_naming_the_domain()
    {
        var e = Assert.Throws<VirException>(() => GuestClock.FromAgent(JsonNode.Parse("{}"), "web1"));
        Assert.Equal("the guest agent of domain 'web1' answered guest-get-time without a time", e.Detail);
    }

    [Fact]
    public void Set_sends_the_time_in_nanoseconds_or_nothing_for_a_sync_from_the_rtc()
    {
        Assert.Equal("""{"time":2000000000000000007}""", GuestClock.SetArguments(new GuestTime(2_000_000_000, 7), SetTimeFlags.None)!.ToJsonString());
        Assert.Null(GuestClock.SetArguments(new GuestTime(5, 0), SetTimeFlags.Sync));
        var e = Assert.Throws<VirException>(() => GuestClock.SetArguments(new GuestTime(long.MaxValue / 1_000_000_000 + 1, 0), SetTimeFlags.None));
        Assert.Equal((VirErrorCode.InvalidArg, "Time '9223372037' is too big for guest agent"), (e.Code, e.Detail));
    }
}
