using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh setvcpus --live on a real TCG guest: vCPUs are plugged (device_add) and unplugged (device_del, the
/// guest's ACPI ejects them), the guest itself sees them come and go, and every reader (vcpucount, dumpxml,
/// dominfo, vcpuinfo, domstats, vcpupin, python-libvirt) follows the live count. The &lt;vcpus&gt; block and
/// the refusals are what a sandboxed libvirtd 9.0 gave for the same guest and commands.
/// </summary>
public sealed class VcpuHotplugTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private const string BootedWithOne = """
        <vcpus>
            <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
            <vcpu id='1' enabled='no' hotpluggable='yes'/>
            <vcpu id='2' enabled='no' hotpluggable='yes'/>
          </vcpus>
        """;

    [Fact]
    public async Task Setvcpus_live_plugs_vcpus_the_guest_onlines_pins_them_and_unplugs_them_again()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("vhp", xml => Edited(xml, "<vcpu>1</vcpu>",
            "<vcpu current='1'>3</vcpu><cputune><vcpupin vcpu='2' cpuset='1'/></cputune>"));
        await served.VirshOkAsync("start", name);
        await using var console = await served.ReadyConsoleAsync(name);
        await console.QuietKernelAsync();
        Expect.Contains("<vcpu placement='static' current='1'>3</vcpu>", await served.VirshOkAsync("dumpxml", name));
        Expect.DoesNotContain("<vcpus>", await served.VirshOkAsync("dumpxml", name));

        await served.VirshOkAsync("setvcpus", name, "3", "--live");
        var xml = await served.VirshOkAsync("dumpxml", name);
        Expect.Contains("""
              <vcpu placement='static'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
                <vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/>
              </vcpus>
            """.Replace("\r", ""), xml);
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         1\ncurrent      live           3\n\n",
            await served.VirshOkAsync("vcpucount", name));
        Expect.Contains("CPU(s):         3\n", await served.VirshOkAsync("dominfo", name));
        Assert.Equal(3, (await served.VirshOkAsync("vcpuinfo", name)).Split('\n').Count(l => l.StartsWith("VCPU:", StringComparison.Ordinal)));
        var stats = await served.VirshOkAsync("domstats", "--vcpu", name);
        Expect.Contains("vcpu.current=3\n  vcpu.maximum=3\n", stats);
        Expect.Contains("vcpu.2.state=1\n", stats);

        // QEMU has the two CPU devices under libvirt's aliases, and the pinned one runs only on host CPU 1.
        var cpus = QmpCpu.ListFromJson(await served.QmpAsync(name, QmpCommands.QueryCpusFast()));
        Assert.Equal(["/machine/peripheral/vcpu1", "/machine/peripheral/vcpu2"], cpus.OrderBy(c => c.CpuIndex).Skip(1).Select(c => c.QomPath));
        var guest = served.Guest(name);
        Assert.Equal(3, guest.VcpuThreads.Count);
        Assert.Equal("1", CpusAllowed(guest.Process.Pid, guest.VcpuThreads[2]));
        Expect.Contains(" 2      1\n", await served.VirshOkAsync("vcpupin", name));

        // The guest's kernel sees them (it leaves hot-added CPUs offline; the console brings them up).
        await Expect.EventuallyAsync(() => console.RunAsync("ls /sys/devices/system/cpu"), o => o.Contains("cpu2", StringComparison.Ordinal), "the guest seeing cpu2");
        await console.RunAsync("echo 1 > /sys/devices/system/cpu/cpu1/online; echo 1 > /sys/devices/system/cpu/cpu2/online");
        Assert.Equal("3", (await console.RunAsync("nproc")).Trim());
        Assert.Equal("3", (await console.RunAsync("grep -c ^processor /proc/cpuinfo")).Trim());

        // python-libvirt takes one away, virsh the other: the highest first, each ejected by the guest.
        Assert.Equal("2 3\n", await served.PythonAsync(name,
            "d.setVcpusFlags(2, libvirt.VIR_DOMAIN_AFFECT_LIVE); print(d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE), d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE | libvirt.VIR_DOMAIN_VCPU_MAXIMUM))"));
        Assert.Equal("0-1", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        await served.VireoOkAsync("setvcpus", name, "1", "--live");
        Assert.Equal("0", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        Assert.Equal("1", (await console.RunAsync("nproc")).Trim());
        Assert.Single(QmpCpu.ListFromJson(await served.QmpAsync(name, QmpCommands.QueryCpusFast())));
        Assert.Single(served.Guest(name).VcpuThreads);
        xml = await served.VirshOkAsync("dumpxml", name);
        Expect.Contains("""
              <vcpu placement='static' current='1'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                <vcpu id='1' enabled='no' hotpluggable='yes'/>
                <vcpu id='2' enabled='no' hotpluggable='yes'/>
              </vcpus>
            """.Replace("\r", ""), xml);
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         1\ncurrent      live           1\n\n",
            await served.VirshOkAsync("vcpucount", name));

        // libvirtd 9.0's refusals; and vireod's own where QEMU 7.2 under TCG would crash (a plug into a slot emptied before).
        await served.BothRefuseAsync("error: invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 4 > 3", "setvcpus", name, "4", "--live");
        await served.BothRefuseAsync("error: Operation not supported: maximum vcpu count of a live domain can't be modified", "setvcpus", name, "2", "--maximum", "--live", "--config");
        await served.BothRefuseAsync("error: Can't set 0 processors for a VM", "setvcpus", name, "0", "--live");
        await served.BothRefuseAsync($"error: Operation not supported: cannot add vCPU 1 to domain '{name}': it was unplugged since the domain started, and QEMU under TCG crashes when a vCPU is plugged again into the slot it was unplugged from; restart the domain (setvcpus --config sets the count it boots with)",
            "setvcpus", name, "2", "--live");
        Assert.Contains("after-refusal", await console.RunAsync("echo after-refusal"));
        Assert.Equal("running\n\n", await served.VirshOkAsync("domstate", name));

        await served.VirshOkAsync("destroy", name);
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "setvcpus", name, "2", "--live");
        Assert.Equal("maximum      config         3\ncurrent      config         1\n\n", await served.VirshOkAsync("vcpucount", name));

        // --config --hotpluggable writes libvirtd's block: the next boot has vCPUs 1 and 2 as CPU devices, which can go.
        await served.VirshOkAsync("setvcpus", name, "3", "--config", "--hotpluggable");
        Expect.Contains("""
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no'/>
                <vcpu id='1' enabled='yes' hotpluggable='yes'/>
                <vcpu id='2' enabled='yes' hotpluggable='yes'/>
              </vcpus>
            """.Replace("\r", ""), await served.VirshOkAsync("dumpxml", "--inactive", name));
        await served.VirshOkAsync("start", name);
        await using var again = await served.ReadyConsoleAsync(name);
        Assert.Contains("qemu64-x86_64-cpu,id=vcpu2,socket-id=2,core-id=0,thread-id=0", served.QemuArgv(name));
        Assert.Equal("0-2", (await again.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        await served.VirshOkAsync("setvcpus", name, "1", "--live");
        Assert.Equal("0", (await again.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         3\ncurrent      live           1\n\n",
            await served.VirshOkAsync("vcpucount", name));
    }

    [Fact]
    public async Task An_unplug_the_paused_guest_cannot_answer_times_out_in_libvirts_words_and_completes_once_it_runs()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("vto", xml => Edited(xml, "<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>"));
        await served.VirshOkAsync("start", name);
        await using var console = await served.ReadyConsoleAsync(name);
        await served.VirshOkAsync("setvcpus", name, "2", "--live");
        await Expect.EventuallyAsync(() => console.RunAsync("ls /sys/devices/system/cpu"), o => o.Contains("cpu1", StringComparison.Ordinal), "the guest seeing cpu1");

        await served.VirshOkAsync("suspend", name);
        // virsh only: the refusal cannot be repeated (the guest answers the request once it runs).
        Assert.Equal("error: Timed out during operation: vcpu unplug request timed out. Unplug result must be manually inspected in the domain",
            (await served.VirshFailsAsync("setvcpus", name, "1", "--live")).Trim());
        Expect.Contains("<vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>", await served.VirshOkAsync("dumpxml", name));

        // Running again, the guest answers the request it got; the next call finds the vCPU gone.
        await served.VirshOkAsync("resume", name);
        await Expect.EventuallyAsync(async () => QmpCpu.ListFromJson(await served.QmpAsync(name, QmpCommands.QueryCpusFast())).Count, n => n == 1, "QEMU dropping vCPU 1");
        await served.VirshOkAsync("setvcpus", name, "1", "--live");
        Assert.Equal("1\n\n", await served.VirshOkAsync("vcpucount", name, "--live"));
        Expect.Contains("<vcpu id='1' enabled='no' hotpluggable='yes'/>", await served.VirshOkAsync("dumpxml", name));
    }

    [Fact]
    public async Task A_saved_vcpus_block_boots_hotpluggable_vcpus_as_devices_and_plugged_vcpus_survive_an_engine_restart()
    {
        var name = DemoKit.UniqueName("vrs");
        var first = await Engine.StartAsync(_root.Path);
        Guid uuid;
        try
        {
            var d = await first.DefineAndStartAsync(name, xml => Edited(xml, "<vcpu>1</vcpu>", "<vcpu current='2'>3</vcpu>" + BootedWithOne
                .Replace("<vcpu id='1' enabled='no' hotpluggable='yes'/>", "<vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>", StringComparison.Ordinal)));
            uuid = d.Uuid;
            var argv = File.ReadAllText($"/proc/{Guest(first, uuid).Process.Pid}/cmdline").Split('\0');
            Assert.Contains("1,maxcpus=3,sockets=3,cores=1,threads=1", argv);
            Assert.Contains("qemu64-x86_64-cpu,id=vcpu1,socket-id=1,core-id=0,thread-id=0", argv);
            Assert.Equal(2, Guest(first, uuid).VcpuThreads.Count);
            Expect.Contains("<vcpu placement='static' current='2'>3</vcpu>", first.Domains.Xml(uuid, XmlFlags.Inactive));
            await using (var console = await first.ConsoleAsync(uuid)) await console.WaitUntilReadyAsync(); // its ACPI answers from here on

            await Vcpus(first).SetVcpusAsync(uuid, 3, VcpuModFlags.Live, CancellationToken.None);
            Assert.Equal(3, Guest(first, uuid).VcpuThreads.Count);
        }
        catch
        {
            await first.DestroyAllAsync();
            throw;
        }
        await first.DisposeAsync(); // the guest keeps running with its three vCPUs

        var second = await Engine.StartAsync(_root.Path);
        try
        {
            var live = second.Domains.Xml(uuid, XmlFlags.None);
            Expect.Contains("<vcpu placement='static'>3</vcpu>", live);
            Expect.Contains("<vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/>", live);
            Assert.Equal(3, Guest(second, uuid).VcpuThreads.Count);
            Assert.Equal(3, second.Domains.VcpuCount(uuid, 1));

            // The vCPU plugged before the restart can go.
            await Vcpus(second).SetVcpusAsync(uuid, 2, VcpuModFlags.Live, CancellationToken.None);
            Assert.Equal(2, QmpCpu.ListFromJson(await Guest(second, uuid).RequireMonitor().ExecuteAsync(QmpCommands.QueryCpusFast(), CancellationToken.None)).Count);
        }
        catch
        {
            await second.DestroyAllAsync();
            throw;
        }
        await second.DisposeAsync();

        // A third engine knows vCPU 2 is gone and was unplugged (no plug into its slot under TCG); the vCPU booted as a device can go too.
        await using var third = await Engine.StartAsync(_root.Path);
        try
        {
            Expect.Contains("<vcpu id='2' enabled='no' hotpluggable='yes'/>", third.Domains.Xml(uuid, XmlFlags.None));
            Assert.Equal(2, Guest(third, uuid).VcpuThreads.Count);
            var refused = await Assert.ThrowsAsync<Vireo.Core.Errors.VirException>(() => Vcpus(third).SetVcpusAsync(uuid, 3, VcpuModFlags.Live, CancellationToken.None).AsTask());
            Assert.Contains("cannot add vCPU 2 to domain", refused.Message, StringComparison.Ordinal);

            await using var console = await third.ConsoleAsync(uuid);
            await Vcpus(third).SetVcpusAsync(uuid, 1, VcpuModFlags.Live, CancellationToken.None);
            Assert.Single(QmpCpu.ListFromJson(await Guest(third, uuid).RequireMonitor().ExecuteAsync(QmpCommands.QueryCpusFast(), CancellationToken.None)));
            Assert.Equal(1, third.Domains.VcpuCount(uuid, 1));
            Assert.Equal("0", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        }
        finally
        {
            await third.DestroyAllAsync();
        }
    }

    private static GuestProcess Guest(Engine e, Guid uuid) => (GuestProcess)e.Driver.Registry.GetByUuid(uuid).Handle!;

    private static IDomainVcpus Vcpus(Engine e) => e.Driver.Feature<IDomainVcpus>() ?? throw new InvalidOperationException("the QEMU driver has no vCPU feature");

    private static string CpusAllowed(int pid, int tid) =>
        File.ReadAllLines($"/proc/{pid}/task/{tid}/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();

    private static string Edited(string xml, string from, string to)
    {
        Assert.Contains(from, xml, StringComparison.Ordinal);
        return xml.Replace(from, to, StringComparison.Ordinal);
    }
}
