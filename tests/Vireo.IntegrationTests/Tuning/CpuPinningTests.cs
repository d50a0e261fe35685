using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>
/// vcpupin, emulatorpin and vcpuinfo through Debian's virsh against the served engine: the kernel's
/// affinity of the very threads QEMU reports (query-cpus-fast) and the per-thread cgroups change, the
/// TUNABLE event reaches a `virsh event` client, and the guest keeps running its two vCPUs.
/// </summary>
[Collection(TuningGuestCollection.Name)]
public sealed class CpuPinningTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;

    [Fact]
    public async Task Vcpupin_MovesTheVcpuThreadAndItsCgroup_VcpuinfoShowsIt_AndVirshEventGetsTunable()
    {
        Assert.SkipWhen(CgroupFiles.HostCpuCount() < 2, "pinning a vCPU away from CPU 0 needs a host with two CPUs");
        var guest = Rig.Guest(g.Domain.Uuid);
        var cpus = Vireo.Qemu.Qmp.QmpCpu.ListFromJson(await Rig.QmpAsync(g.Domain.Uuid, Vireo.Qemu.Qmp.QmpCommands.QueryCpusFast()));
        var vcpu0 = cpus.Single(c => c.CpuIndex == 0).ThreadId;
        Assert.Equal(guest.VcpuThreads[0], vcpu0);
        Assert.Equal($"{g.CgroupPath}/vcpu0", CgroupFiles.GroupOf(guest.Process.Pid, vcpu0, "cpuset"));

        var registered = Rig.Rpc.EventRegistrationCount;
        var listener = ProcessRunner.RunAsync("virsh", ["-c", Rig.Uri, "event", g.Name, "--event", "tunable", "--timeout", "60"]);
        await Expect.EventuallyAsync(() => Task.FromResult(Rig.Rpc.EventRegistrationCount), n => n > registered, "virsh event registering its callback");

        await Rig.VirshOkAsync("vcpupin", g.Name, "0", "1");
        try
        {
            Assert.Equal("1", CgroupFiles.CpusAllowed(guest.Process.Pid, vcpu0));
            Assert.Equal("1", CgroupFiles.Read("cpuset", $"{g.CgroupPath}/vcpu0", "cpuset.cpus"));
            Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(guest.Process.Pid, guest.VcpuThreads[1])); // the other vCPU is untouched

            var ev = await listener;
            Assert.True(ev.ExitCode == 0, ev.ToString());
            Expect.Contains($"event 'tunable' for domain '{g.Name}'", ev.Stdout);
            Assert.Matches(@"cputune\.vcpupin0:\s*1", ev.Stdout);

            // "CPU" is where the thread last ran: it moves there the next time the vCPU wakes (the guest's timer tick).
            var vcpuinfo = new Regex(@"VCPU:\s+0\s*\nCPU:\s+1\s*\nState:\s+running\s*\nCPU time:\s+[0-9.]+s\s*\nCPU Affinity:\s+-y");
            await Expect.EventuallyAsync(() => Rig.VirshOkAsync("vcpuinfo", g.Name), vcpuinfo.IsMatch, "vcpuinfo showing vCPU 0 on CPU 1 with affinity -y");
            Assert.Matches(new Regex(@"^\s*0\s+1\s*$", RegexOptions.Multiline), await Rig.VirshOkAsync("vcpupin", g.Name));
            Expect.Contains("<vcpupin vcpu='0' cpuset='1'/>", await Rig.VirshOkAsync("dumpxml", g.Name));
            Expect.DoesNotContain("<vcpupin vcpu='0'", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive")); // a live change only

            // The guest still runs both vCPUs.
            Expect.Contains("2", await g.Console.RunAsync("grep -c ^processor /proc/cpuinfo"));
        }
        finally
        {
            await Rig.VirshOkAsync("vcpupin", g.Name, "0", CgroupFiles.HostCpuList());
        }
        Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(guest.Process.Pid, vcpu0));
    }

    [Fact]
    public async Task Vcpupin_Config_ChangesOnlyTheSavedDefinition()
    {
        var guest = Rig.Guest(g.Domain.Uuid);
        await Rig.VirshOkAsync("vcpupin", g.Name, "1", "0", "--config");
        try
        {
            Expect.Contains("<vcpupin vcpu='1' cpuset='0'/>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
            Expect.DoesNotContain("<vcpupin vcpu='1'", await Rig.VirshOkAsync("dumpxml", g.Name));
            Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(guest.Process.Pid, guest.VcpuThreads[1]));
            Assert.Matches(new Regex(@"^\s*1\s+0\s*$", RegexOptions.Multiline), await Rig.VirshOkAsync("vcpupin", g.Name, "--config"));
        }
        finally
        {
            await Rig.VirshOkAsync("vcpupin", g.Name, "1", CgroupFiles.HostCpuList(), "--config");
        }
    }

    [Fact]
    public async Task Emulatorpin_MovesEveryNonVcpuThread_AndItsCgroup()
    {
        var guest = Rig.Guest(g.Domain.Uuid);
        var pid = guest.Process.Pid;
        await Rig.VirshOkAsync("emulatorpin", g.Name, "0");
        try
        {
            Assert.Equal("0", CgroupFiles.Read("cpuset", $"{g.CgroupPath}/emulator", "cpuset.cpus"));
            Assert.Equal("0", CgroupFiles.CpusAllowed(pid, pid)); // QEMU's main loop thread
            Assert.Equal($"{g.CgroupPath}/emulator", CgroupFiles.GroupOf(pid, pid, "cpuset"));
            var vcpus = guest.VcpuThreads.ToHashSet();
            foreach (var tid in Vireo.Platform.Processes.ThreadAffinity.ThreadsOf(pid).Where(t => !vcpus.Contains(t)))
                Assert.Equal("0", CgroupFiles.CpusAllowed(pid, tid));
            foreach (var tid in vcpus) Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(pid, tid));
            Assert.Matches(new Regex(@"\*:\s+0\s*$", RegexOptions.Multiline), await Rig.VirshOkAsync("emulatorpin", g.Name));
            Expect.Contains("<emulatorpin cpuset='0'/>", await Rig.VirshOkAsync("dumpxml", g.Name));
            Expect.Contains("emulator-ok", await g.Console.RunAsync("echo emulator-ok"));
        }
        finally
        {
            await Rig.VirshOkAsync("emulatorpin", g.Name, CgroupFiles.HostCpuList());
        }
        Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(pid, pid));
    }
}
