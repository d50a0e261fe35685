using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Processes;

/// <summary>domstats' vcpu.N.wait and vcpu.N.delay come from a thread's sched and schedstat files.</summary>
public sealed class ThreadSchedStatsTests
{
    [Theory]
    [InlineData("se.exec_start : 1.0\nse.statistics.wait_sum                       :           12.345678\n", 12_345_678UL)]
    [InlineData("se.exec_start : 1.0\nwait_sum                                     :            0.500000\n", 500_000UL)]
    [InlineData("se.exec_start : 1.0\nnr_switches : 3\n", 0UL)] // a kernel without scheduler statistics
    public void WaitSum_is_milliseconds_with_a_fraction_turned_into_nanoseconds(string sched, ulong expected) =>
        Assert.Equal(expected, ThreadSchedStats.WaitSum(sched));

    [Fact]
    public void The_run_queue_wait_is_the_second_field_of_schedstat()
    {
        Assert.Equal(6400400UL, ThreadSchedStats.RunQueueWait("5024861 6400400 2\n"));
        Assert.Equal(0UL, ThreadSchedStats.RunQueueWait(""));
    }

    [Fact]
    public void A_live_thread_can_be_read_and_a_gone_one_cannot()
    {
        Assert.NotNull(ThreadSchedStats.Read(Environment.ProcessId, Environment.ProcessId));
        Assert.Null(ThreadSchedStats.Read(int.MaxValue, int.MaxValue));
    }
}
