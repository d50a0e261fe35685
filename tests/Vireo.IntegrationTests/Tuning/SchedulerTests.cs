using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>schedinfo through virsh: cpu.shares on the guest's group, CFS period/quota on each vcpuN and on "emulator".</summary>
[Collection(TuningGuestCollection.Name)]
public sealed class SchedulerTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;

    [Fact]
    public async Task Schedinfo_ShowsPosixAndTheCgroupValues()
    {
        var output = await Rig.VirshOkAsync("schedinfo", g.Name);
        Assert.Matches(@"Scheduler\s*:\s*posix", output);
        Assert.Matches($@"cpu_shares\s*:\s*{CgroupFiles.Read("cpu", g.CgroupPath, "cpu.shares")}\b", output);
        Assert.Matches($@"vcpu_period\s*:\s*{CgroupFiles.Read("cpu", g.CgroupPath + "/vcpu0", "cpu.cfs_period_us")}\b", output);
        Assert.Matches($@"vcpu_quota\s*:\s*{CgroupFiles.Read("cpu", g.CgroupPath + "/vcpu0", "cpu.cfs_quota_us")}\b", output);
        Assert.Matches(@"emulator_period\s*:", output);
        Assert.Matches(@"global_quota\s*:", output);
    }

    [Fact]
    public async Task Schedinfo_SetLive_WritesCpuSharesAndEveryVcpusBandwidth()
    {
        var before = CgroupFiles.Read("cpu", g.CgroupPath, "cpu.shares");
        var output = await Rig.VirshOkAsync("schedinfo", g.Name, "--live", "--set", "cpu_shares=512");
        Assert.Matches(@"cpu_shares\s*:\s*512\b", output);
        Assert.Equal("512", CgroupFiles.Read("cpu", g.CgroupPath, "cpu.shares"));

        output = await Rig.VirshOkAsync("schedinfo", g.Name, "--live", "--set", "vcpu_period=50000", "--set", "vcpu_quota=40000");
        try
        {
            Assert.Matches(@"vcpu_period\s*:\s*50000\b", output);
            Assert.Matches(@"vcpu_quota\s*:\s*40000\b", output);
            foreach (var vcpu in new[] { "vcpu0", "vcpu1" })
            {
                Assert.Equal("50000", CgroupFiles.Read("cpu", $"{g.CgroupPath}/{vcpu}", "cpu.cfs_period_us"));
                Assert.Equal("40000", CgroupFiles.Read("cpu", $"{g.CgroupPath}/{vcpu}", "cpu.cfs_quota_us"));
            }
            var xml = await Rig.VirshOkAsync("dumpxml", g.Name);
            Expect.Contains("<shares>512</shares>", xml);
            Expect.Contains("<period>50000</period>", xml);
            Expect.Contains("<quota>40000</quota>", xml);
            Expect.Contains("sched-ok", await g.Console.RunAsync("echo sched-ok")); // the capped guest still answers

            await Rig.VirshOkAsync("schedinfo", g.Name, "--live", "--set", "emulator_quota=50000");
            Assert.Equal("50000", CgroupFiles.Read("cpu", $"{g.CgroupPath}/emulator", "cpu.cfs_quota_us"));
        }
        finally
        {
            await Rig.VirshOkAsync("schedinfo", g.Name, "--live", "--set", $"cpu_shares={before}", "--set", "vcpu_quota=-1", "--set", "emulator_quota=-1");
        }
        Assert.Equal("-1", CgroupFiles.Read("cpu", $"{g.CgroupPath}/vcpu1", "cpu.cfs_quota_us"));
    }

    [Fact]
    public async Task Schedinfo_OutOfRange_IsRefusedAndNothingChanges()
    {
        var period = CgroupFiles.Read("cpu", $"{g.CgroupPath}/vcpu0", "cpu.cfs_period_us");
        var error = await Rig.VirshFailsAsync("schedinfo", g.Name, "--live", "--set", "vcpu_period=10");
        Expect.Contains("value of 'vcpu_period' is out of range [1000, 1000000]", error);
        error = await Rig.VirshFailsAsync("schedinfo", g.Name, "--live", "--set", "cpu_shares=1");
        Expect.Contains("value of 'cpu_shares' is out of range [2, 262144]", error);
        Assert.Equal(period, CgroupFiles.Read("cpu", $"{g.CgroupPath}/vcpu0", "cpu.cfs_period_us"));
    }

    [Fact]
    public async Task Schedinfo_Config_ChangesTheSavedDefinitionOnly()
    {
        var shares = CgroupFiles.Read("cpu", g.CgroupPath, "cpu.shares");
        await Rig.VirshOkAsync("schedinfo", g.Name, "--config", "--set", "cpu_shares=300");
        Expect.Contains("<shares>300</shares>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
        Assert.Matches(new Regex(@"cpu_shares\s*:\s*300\b"), await Rig.VirshOkAsync("schedinfo", g.Name, "--config"));
        Assert.Equal(shares, CgroupFiles.Read("cpu", g.CgroupPath, "cpu.shares"));
    }
}
