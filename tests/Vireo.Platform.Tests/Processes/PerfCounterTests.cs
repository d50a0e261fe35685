using Vireo.Platform.Native;
using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Processes;

/// <summary>perf_event_open against this kernel: a software counter on this test process really counts.</summary>
public sealed class PerfCounterTests
{
    [Fact]
    public void Attr_IsVer0WithDisabledAndInherit()
    {
        var a = PerfCounter.Attr(1, 2);
        Assert.Equal(
            "01000000" + "40000000" + "0200000000000000" + new string('0', 16 * 3) + "0300000000000000" + new string('0', 32),
            Convert.ToHexString(a).ToLowerInvariant());
    }

    [Fact]
    public void TaskClockOfABusyProcess_Grows()
    {
        // A counter on a pid counts that task (its main thread) and what it starts later, as libvirt's does:
        // a shell spinning in its main thread is measured. PERF_TYPE_SOFTWARE (1), PERF_COUNT_SW_TASK_CLOCK (1).
        using var busy = System.Diagnostics.Process.Start("/bin/sh", ["-c", "while :; do :; done"]);
        try
        {
            using var counter = PerfCounter.Open(1, 1, busy.Id);
            var first = counter.Read();
            var until = DateTime.UtcNow.AddSeconds(20);
            var later = first;
            while (later <= first && DateTime.UtcNow < until)
            {
                Thread.Yield();
                later = counter.Read();
            }
            Assert.True(later > first, $"task_clock of the busy shell stayed at {first}");
        }
        finally
        {
            busy.Kill();
            busy.WaitForExit();
        }
    }

    [Fact]
    public void UnknownType_FailsWithTheKernelsErrno()
    {
        // PERF_TYPE_HARDWARE with an id no PMU has: ENOENT without a hardware PMU, EINVAL/ENOENT with one.
        var e = Assert.Throws<PlatformException>(() => PerfCounter.Open(0, 0xfff, Environment.ProcessId));
        Assert.Contains(e.Errno, new[] { Errno.ENOENT, Errno.EINVAL, Errno.ENODEV, 95 });
    }

    [Fact]
    public void ReadAfterDispose_Throws()
    {
        var counter = PerfCounter.Open(1, 0, Environment.ProcessId);
        counter.Dispose();
        counter.Dispose();
        Assert.Throws<ObjectDisposedException>(() => counter.Read());
    }
}
