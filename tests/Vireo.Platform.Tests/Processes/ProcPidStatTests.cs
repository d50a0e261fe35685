using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Processes;

public class ProcPidStatTests
{
    [Fact]
    public void CommWithSpacesAndParentheses()
    {
        string line = "1234 (qemu (x) 1) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 5 0 987654 1000 100 "
                      + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";
        var s = ProcPidStat.Parse(line);
        Assert.Equal(1234, s.Pid);
        Assert.Equal("qemu (x) 1", s.Comm);
        Assert.Equal('S', s.State);
        Assert.Equal((1, 1234, 1234), (s.ParentPid, s.ProcessGroup, s.Session));
        Assert.Equal((250UL, 75UL), (s.UserTicks, s.SystemTicks));
        Assert.Equal(5, s.Threads);
        Assert.Equal(987654UL, s.StartTime);
        Assert.Equal(1, s.LastCpu);
        Assert.Equal(TimeSpan.FromSeconds(3.25), s.CpuTime);
    }

    [Fact]
    public void OurOwnProcessAndThreads()
    {
        var self = ProcPidStat.TryRead(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.Equal(Environment.ProcessId, self.Pid);
        var tids = ProcPidStat.ThreadIds(Environment.ProcessId);
        Assert.Contains(Environment.ProcessId, tids);
        Assert.True(tids.Count > 1);
        Assert.Equal(self.StartTime, ProcPidStat.TryReadThread(Environment.ProcessId, tids[0])!.StartTime);
    }

    [Fact]
    public void MissingProcessIsNull() => Assert.Null(ProcPidStat.TryRead(int.MaxValue));

    [Fact]
    public void IdentityRoundTripsAndRejectsGarbage()
    {
        var id = ProcessIdentity.Of(Environment.ProcessId)!.Value;
        Assert.Equal(id, ProcessIdentity.Parse(id.ToString()));
        Assert.True(id.IsAlive());
        Assert.False((id with { StartTime = id.StartTime + 1 }).IsAlive());
        Assert.Throws<FormatException>(() => ProcessIdentity.Parse("12"));
    }
}
