using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.DirtyRate;
using Vireo.Qemu.Tests.Stats;

namespace Vireo.Qemu.Tests.Features.DirtyRate;

/// <summary>
/// calc-dirty-rate as libvirt sends it, and domstats' dirtyrate group from query-dirty-rate replies captured from
/// QEMU 7.2 under TCG (unstarted, measuring, measured); the dirty-ring reply follows QEMU's schema (no KVM here).
/// </summary>
public class DirtyRateQmpTests
{
    [Theory]
    [InlineData(DirtyRateMode.PageSampling, 1, """{"execute":"calc-dirty-rate","arguments":{"calc-time":1}}""")]
    [InlineData(DirtyRateMode.DirtyBitmap, 5, """{"execute":"calc-dirty-rate","arguments":{"calc-time":5,"mode":"dirty-bitmap"}}""")]
    [InlineData(DirtyRateMode.DirtyRing, 60, """{"execute":"calc-dirty-rate","arguments":{"calc-time":60,"mode":"dirty-ring"}}""")]
    public void Calc_names_the_mode_only_when_it_is_not_page_sampling(DirtyRateMode mode, int seconds, string json) =>
        Assert.Equal(json, DirtyRateQmp.Calc(seconds, mode).ToJson());

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    [InlineData(-1)]
    public void A_period_outside_one_to_sixty_seconds_is_refused_in_libvirts_words(int seconds)
    {
        var e = Assert.Throws<VirException>(() => DirtyRateQmp.CheckSeconds(seconds));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal($"unsupported configuration: seconds={seconds} is invalid, please choose value within [1, 60].", e.Message);
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        DirtyRateQmp.CheckSeconds(1);
        DirtyRateQmp.CheckSeconds(60);
    }

    [Theory]
    [InlineData("unstarted")]
    [InlineData("measuring")]
    [InlineData("measured")]
    [InlineData("dirty-ring")]
    public void Stats_are_named_and_typed_as_libvirt_does(string reply)
    {
        var info = DirtyRateQmp.Parse(StatsGolden.Reply($"query-dirty-rate-{reply}.json"));
        Assert.NotNull(info);
        StatsGolden.Check($"dirtyrate-{reply}.golden.txt", StatsGolden.Render(DirtyRateQmp.Stats(info)));
    }

    [Fact]
    public void A_reply_without_a_status_gives_no_stats() =>
        Assert.Null(DirtyRateQmp.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"mode":"page-sampling"}""")));
}
