using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh/vireo setvcpu and python-libvirt's setVcpu (DOMAIN_SET_VCPU) on a real TCG guest: one vCPU by id is
/// plugged or unplugged, the guest's agent brings it online, and the saved &lt;vcpus&gt; changes as libvirtd 9.0
/// writes it. The refusals are libvirtd 9.0's sentences for the same calls, except the two vireod adds (vCPUs
/// present must be the first ones; no plug into an emptied slot under TCG), which docs/hotplug.md explains.
/// </summary>
public sealed class SetVcpuTests
{
    [Fact]
    public async Task Setvcpu_plugs_and_unplugs_one_vcpu_by_id_and_rewrites_the_saved_vcpus()
    {
        await using var served = await ServedEngine.StartAsync();
        var g = await served.StartGuestAsync("svc", xml => DemoKit.WithAgentChannel(xml).Replace("<vcpu>1</vcpu>", "<vcpu current='1'>3</vcpu>", StringComparison.Ordinal));
        await using var console = await served.ReadyConsoleAsync(g);
        await console.QuietKernelAsync();

        foreach (var (args, error) in new[]
                 {
                     (new[] { "setvcpu", g, "0", "--disable", "--live" }, "error: Operation not supported: vcpu '0' can't be unplugged"),
                     (["setvcpu", g, "1", "--disable", "--live"], "error: invalid argument: vcpu '1' is already in requested state"),
                     (["setvcpu", g, "3", "--enable", "--live"], "error: invalid argument: vcpu 3 is not present in live config"),
                     (["setvcpu", g, "1-2", "--enable", "--live"], "error: Operation not supported: only one hotpluggable entity can be selected"),
                     (["setvcpu", g, "^1", "--enable"], "error: invalid argument: no vcpus selected for modification"),
                     (["setvcpu", g, "abc", "--enable"], "error: invalid argument: Failed to parse bitmap 'abc'"),
                     (["setvcpu", g, "1", "--live"], "error: one of --enable, --disable is required"),
                     (["setvcpu", g, "1", "--enable", "--disable"], "error: Options --enable and --disable are mutually exclusive"),
                     (["setvcpu", g, "0", "--enable", "--config"], "error: invalid argument: vCPU '0' can't be modified"),
                     (["setvcpu", g, "7", "--enable", "--config"], "error: invalid argument: vcpu 7 is not present in persistent config"),
                     // vireod's own: the vCPUs present stay 0..N-1.
                     (["setvcpu", g, "2", "--enable", "--live"],
                         $"error: Operation not supported: cannot enable vCPU 2 of running domain '{g}': vCPU 2 is enabled while vCPU 1 is not; vireod needs the enabled vCPUs to be the first ones (enable the lower ones first)"),
                 })
            await served.BothRefuseAsync(error, args);
        Assert.Equal("error: operation forbidden: read only access prevents virDomainSetVcpu", (await served.VirshFailsAsync("-r", "setvcpu", g, "1", "--enable")).Trim());
        Assert.Single(QmpCpu.ListFromJson(await served.QmpAsync(g, QmpCommands.QueryCpusFast())));

        // vCPU 1 by id: plugged, seen by the guest, brought online by its agent.
        Assert.Equal("\n", await served.VirshOkAsync("setvcpu", g, "1", "--enable", "--live"));
        Expect.Contains("""
              <vcpu placement='static' current='2'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
                <vcpu id='2' enabled='no' hotpluggable='yes'/>
              </vcpus>
            """.Replace("\r", ""), await served.VirshOkAsync("dumpxml", g));
        Assert.Equal(["/machine/peripheral/vcpu1"], QmpCpu.ListFromJson(await served.QmpAsync(g, QmpCommands.QueryCpusFast())).Skip(1).Select(c => c.QomPath));
        await Expect.EventuallyAsync(() => served.VirshOkAsync("guestvcpus", g), o => o.StartsWith("vcpus          : 0-1\n", StringComparison.Ordinal), "the guest seeing vCPU 1");
        await served.VirshOkAsync("guestvcpus", g, "--cpulist", "1", "--enable");
        Assert.Equal("0-1", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());

        // python-libvirt plugs vCPU 2; vireo unplugs it again (the guest's ACPI ejects it).
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $"""
            import libvirt
            d = libvirt.open('{served.Uri}').lookupByName('{g}')
            print(d.setVcpu('2', 1, libvirt.VIR_DOMAIN_AFFECT_LIVE), d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE))
            """]);
        Assert.Equal((0, "0 3"), (python.ExitCode, python.Stdout.Trim()));
        await served.VireoOkAsync("setvcpu", g, "2", "--disable", "--live");
        Assert.Equal(2, QmpCpu.ListFromJson(await served.QmpAsync(g, QmpCommands.QueryCpusFast())).Count);
        Expect.Contains("<vcpu id='2' enabled='no' hotpluggable='yes'/>", await served.VirshOkAsync("dumpxml", g));
        Assert.Equal("0-1", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        await served.BothRefuseAsync($"error: Operation not supported: cannot add vCPU 2 to domain '{g}': it was unplugged since the domain started, and QEMU under TCG crashes when a vCPU is plugged again into the slot it was unplugged from; restart the domain (setvcpus --config sets the count it boots with)",
            "setvcpu", g, "2", "--enable", "--live");
        // With both, the saved definition is checked first (libvirtd 9.0 alike), and nothing changes.
        await served.BothRefuseAsync("error: invalid argument: vCPU '0' can't be modified", "setvcpu", g, "0", "--disable", "--live", "--config");

        // The saved definition, as libvirtd 9.0 writes it: named vCPUs hot-pluggable, no order, current follows.
        await served.VireoOkAsync("setvcpu", g, "1", "--enable", "--config");
        Expect.Contains("""
              <vcpu placement='static' current='2'>3</vcpu>
              <vcpus>
                <vcpu id='0' enabled='yes' hotpluggable='no'/>
                <vcpu id='1' enabled='yes' hotpluggable='yes'/>
                <vcpu id='2' enabled='no' hotpluggable='yes'/>
              </vcpus>
            """.Replace("\r", ""), await served.VirshOkAsync("dumpxml", "--inactive", g));
        python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $"""
            import libvirt
            d = libvirt.open('{served.Uri}').lookupByName('{g}')
            print(d.setVcpu('1', 0, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
            try:
                d.setVcpu('2', 1, libvirt.VIR_DOMAIN_AFFECT_CONFIG)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, $"0\n84 Operation not supported: cannot enable vCPU 2 in the saved definition of domain '{g}': it could not start then: vCPU 2 is enabled while vCPU 1 is not; vireod needs the enabled vCPUs to be the first ones"),
            (python.ExitCode, python.Stdout.Trim()));
        Expect.Contains("<vcpu placement='static' current='1'>3</vcpu>", await served.VirshOkAsync("dumpxml", "--inactive", g));
        Expect.Contains("<vcpu id='1' enabled='no' hotpluggable='yes'/>", await served.VirshOkAsync("dumpxml", "--inactive", g));

        await served.VirshOkAsync("destroy", g);
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "setvcpu", g, "1", "--enable", "--live");
        await served.VirshOkAsync("setvcpu", g, "1", "--enable");
        Expect.Contains("<vcpu placement='static' current='2'>3</vcpu>", await served.VirshOkAsync("dumpxml", g));
    }
}
