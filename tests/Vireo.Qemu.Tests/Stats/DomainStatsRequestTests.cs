using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Stats;

/// <summary>Decoding virsh domstats' stats and flags words (virDomainStatsTypes, virConnectGetAllDomainStatsFlags).</summary>
public class DomainStatsRequestTests
{
    private const uint Enforce = 1u << 31, Backing = 1u << 30, NoWait = 1u << 29;

    [Fact]
    public void No_group_asked_means_every_group_the_driver_answers()
    {
        var r = DomainStatsRequest.Decode(0, 0);
        Assert.Equal(StatsGroups.State | StatsGroups.CpuTotal | StatsGroups.Balloon | StatsGroups.Vcpu | StatsGroups.Interface | StatsGroups.Block | StatsGroups.Perf | StatsGroups.IoThread | StatsGroups.DirtyRate, r.Groups);
        Assert.False(r.Backing);
        Assert.Equal(ListFlags.All, r.Filter);
    }

    [Theory]
    [InlineData(1u, 1u)]                // --state
    [InlineData(16u | 32u, 16u | 32u)]  // --interface --block
    [InlineData(64u | 2u, 64u | 2u)]    // --perf --cpu-total
    [InlineData(128u | 2u, 128u | 2u)]  // --iothread --cpu-total
    [InlineData(256u | 2u, 2u)]         // --memory --cpu-total: memory is not served, silently left out without --enforce
    [InlineData(256u, 0u)]              // --memory alone: nothing
    [InlineData(512u | 1u, 512u | 1u)]  // --dirtyrate --state
    public void Only_the_groups_asked_for_are_gathered(uint stats, uint expected) =>
        Assert.Equal((StatsGroups)expected, DomainStatsRequest.Decode(stats, 0).Groups);

    [Fact]
    public void Enforce_refuses_groups_the_driver_cannot_answer()
    {
        var e = Assert.Throws<VirException>(() => DomainStatsRequest.Decode(32u | 64u | 256u, Enforce));
        Assert.Equal(VirErrorCode.ArgumentUnsupported, e.Code);
        Assert.Equal("argument unsupported: Stats types bits 0x100 are not supported by this daemon", e.Message);
        Assert.Equal(StatsGroups.Block, DomainStatsRequest.Decode(32u, Enforce).Groups);
    }

    [Fact]
    public void Enforce_refuses_the_dirtyrate_group_for_a_domain_without_qemu_as_libvirt_does()
    {
        var enforced = DomainStatsRequest.Decode(512u | 1u, Enforce);
        enforced.CheckEnforcedFor(running: true);
        var e = Assert.Throws<VirException>(() => enforced.CheckEnforcedFor(running: false));
        Assert.Equal(VirErrorCode.ArgumentUnsupported, e.Code);
        Assert.Equal("argument unsupported: Stats types bits 0x200 are not supported by this daemon or QEMU", e.Message);
        DomainStatsRequest.Decode(512u, 0).CheckEnforcedFor(running: false); // without --enforce the group is just empty
        DomainStatsRequest.Decode(1u, Enforce).CheckEnforcedFor(running: false);
    }

    [Fact]
    public void Backing_nowait_and_list_filters_are_understood()
    {
        var r = DomainStatsRequest.Decode(32u, Backing | NoWait | (uint)(ListFlags.Active | ListFlags.Persistent));
        Assert.True(r.Backing);
        Assert.Equal(ListFlags.Active | ListFlags.Persistent, r.Filter);
    }

    [Fact]
    public void Unknown_flags_are_refused()
    {
        var e = Assert.Throws<VirException>(() => DomainStatsRequest.Decode(0, 1u << 20));
        Assert.Equal(VirErrorCode.InvalidArg, e.Code);
    }
}
