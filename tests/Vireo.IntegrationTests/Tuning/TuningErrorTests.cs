using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>What the tuning commands refuse, and that a refusal changes nothing: a guest that is not running, a vCPU out of range, CPUs and devices the host lacks.</summary>
[Collection(TuningGuestCollection.Name)]
public sealed class TuningErrorTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;

    [Fact]
    public async Task LiveChanges_OnAGuestThatIsNotRunning_AreRefused()
    {
        var name = DemoKit.UniqueName("off");
        await Rig.VirshDefineAsync(name);
        try
        {
            string[][] commands =
            [
                ["vcpupin", name, "0", "0", "--live"], ["emulatorpin", name, "0", "--live"], ["numatune", name, "--nodeset", "0", "--live"],
                ["schedinfo", name, "--live", "--set", "cpu_shares=100"], ["setmem", name, "128M", "--live"],
                ["memtune", name, "--hard-limit", "300000", "--live"], ["dommemstat", name, "--period", "2", "--live"],
            ];
            foreach (var c in commands)
                Expect.Contains("error: Requested operation is not valid: domain is not running", await Rig.VirshFailsAsync(c));
            // The same changes to the saved definition work; vcpuinfo then shows the saved pin (virsh's fallback for an inactive guest).
            await Rig.VirshOkAsync("vcpupin", name, "0", "0", "--config");
            Expect.Contains("<vcpupin vcpu='0' cpuset='0'/>", await Rig.VirshOkAsync("dumpxml", name));
            Assert.Matches(@"CPU:\s+N/A[\s\S]*CPU Affinity:\s+y-", await Rig.VirshOkAsync("vcpuinfo", name));
        }
        finally
        {
            await Rig.VirshOkAsync("undefine", name);
        }
    }

    [Fact]
    public async Task Vcpupin_OutOfRange_IsRefused()
    {
        var error = await Rig.VirshFailsAsync("vcpupin", g.Name, "5", "0", "--live");
        Expect.Contains("out of range", error);
    }

    [Fact]
    public async Task PinToACpuTheHostLacks_IsRefusedByTheServer_NamingTheHostsCpus()
    {
        // virsh and python-libvirt check CPU numbers against the host's map themselves; Vireo's client sends what it is given.
        var host = CgroupFiles.HostCpuCount();
        var map = Enumerable.Range(0, host + 1).Select(i => i == host).ToArray();
        await using var conn = await Vireo.Client.VirConnection.OpenAsync(Rig.Uri, ct: TestContext.Current.CancellationToken);
        var dom = await conn.LookupDomainAsync(g.Name, TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<Vireo.Core.Errors.VirException>(() => Vireo.Client.VirDomainPinning.PinVcpuAsync(dom, 0, map, Vireo.Drivers.Contracts.ModifyFlags.Live, TestContext.Current.CancellationToken));
        Assert.Equal($"cannot pin vCPU 0 of domain '{g.Name}': CPU list {host} includes CPU {host}, which this host does not have (host CPUs: {CgroupFiles.HostCpuList()})", e.Detail);
        e = await Assert.ThrowsAsync<Vireo.Core.Errors.VirException>(() => Vireo.Client.VirDomainPinning.PinEmulatorAsync(dom, map, Vireo.Drivers.Contracts.ModifyFlags.Live, TestContext.Current.CancellationToken));
        Expect.Contains($"cannot pin the emulator threads of domain '{g.Name}': CPU list {host} includes CPU {host}", e.Detail);
        var guest = Rig.Guest(g.Domain.Uuid);
        Assert.Equal(CgroupFiles.HostCpuList(), CgroupFiles.CpusAllowed(guest.Process.Pid, guest.VcpuThreads[0]));
    }

    [Fact]
    public async Task PinToNoCpuAtAll_IsRefused_ThroughPythonLibvirt()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/python3"), "Debian's python3 (with python3-libvirt)");
        var script = """
            import libvirt, sys
            dom = libvirt.open(sys.argv[1]).lookupByName(sys.argv[2])
            for call in (lambda: dom.pinVcpuFlags(1, (False, False), libvirt.VIR_DOMAIN_AFFECT_LIVE),
                         lambda: dom.pinEmulator((False, False), libvirt.VIR_DOMAIN_AFFECT_LIVE)):
                try:
                    call()
                    print("accepted")
                except libvirt.libvirtError as e:
                    print("refused:", e.get_error_message())
            """;
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script, Rig.Uri, g.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Expect.DoesNotContain("accepted", r.Stdout);
        Expect.Contains($"cannot pin vCPU 1 of domain '{g.Name}': the CPU list is empty; give at least one (host CPUs: {CgroupFiles.HostCpuList()})", r.Stdout);
        Expect.Contains($"cannot pin the emulator threads of domain '{g.Name}': the CPU list is empty", r.Stdout);
    }

    [Fact]
    public async Task Blkiotune_OnAnUnknownDevice_IsRefused_AndMemtuneAppliesToTheCgroup()
    {
        var error = await Rig.VirshFailsAsync("blkiotune", g.Name, "--device-read-bytes-sec", "/dev/vireo-no-such-disk,1048576", "--live");
        Expect.Contains($"cannot change the block I/O tuning of domain '{g.Name}': '/dev/vireo-no-such-disk' is not a block device on this host", error);
        Expect.DoesNotContain("vireo-no-such-disk", await Rig.VirshOkAsync("dumpxml", g.Name));

        var before = CgroupFiles.Read("memory", g.CgroupPath, "memory.limit_in_bytes");
        await Rig.VirshOkAsync("memtune", g.Name, "--hard-limit", "2097152", "--live");
        try
        {
            Assert.Equal((2097152L * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), CgroupFiles.Read("memory", g.CgroupPath, "memory.limit_in_bytes"));
            Assert.Matches(@"hard_limit\s*:\s*2097152", await Rig.VirshOkAsync("memtune", g.Name));
            error = await Rig.VirshFailsAsync("memtune", g.Name, "--hard-limit", "4194304", "--swap-hard-limit", "3145728", "--live");
            Expect.Contains("error: invalid argument: memory hard_limit tunable value must be lower than or equal to swap_hard_limit", error);
        }
        finally
        {
            await Rig.VirshOkAsync("memtune", g.Name, "--hard-limit", "-1", "--live");
        }
        Assert.Equal(before, CgroupFiles.Read("memory", g.CgroupPath, "memory.limit_in_bytes"));
    }
}
