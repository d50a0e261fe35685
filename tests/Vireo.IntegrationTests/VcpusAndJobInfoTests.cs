using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh setvcpus, vcpucount and domjobinfo (and vireo's same commands) against vireod with a real guest.
/// Every refusal is the sentence a sandboxed libvirtd 9.0 gave for the same command. The saved counts decide
/// the next boot: the guest comes up with the new number of CPUs online.
/// </summary>
public sealed class VcpusAndJobInfoTests
{
    [Fact]
    public async Task Setvcpus_config_changes_the_saved_counts_the_guest_boots_with_and_refuses_as_libvirtd()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("svc", xml => Edited(xml, "<vcpu>1</vcpu>", "<vcpu current='1'>4</vcpu>"));
        Assert.Equal("maximum      config         4\ncurrent      config         1\n\n", await served.VirshOkAsync("vcpucount", name));

        await served.VirshOkAsync("setvcpus", name, "3", "--config");
        Assert.Equal("maximum      config         4\ncurrent      config         3\n\n", await served.VirshOkAsync("vcpucount", name));
        await served.BothRefuseAsync("error: invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 5 > 4",
            "setvcpus", name, "5", "--config");
        await served.BothRefuseAsync("error: Can't set 0 processors for a VM", "setvcpus", name, "0", "--config");
        await served.BothRefuseAsync("error: Option --config is required by option --maximum", "setvcpus", name, "3", "--maximum");
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "setvcpus", name, "3", "--live");
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "setvcpus", name, "3");

        // A lower maximum lowers the count online at boot with it; a higher one leaves that count alone.
        await served.VirshOkAsync("setvcpus", name, "2", "--maximum", "--config");
        Assert.Equal("maximum      config         2\ncurrent      config         2\n\n", await served.VirshOkAsync("vcpucount", name));
        Assert.Contains("<vcpu placement='static'>2</vcpu>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);
        await served.VireoOkAsync("setvcpus", name, "3", "--maximum", "--config");
        Assert.Equal("maximum      config         3\ncurrent      config         2\n\n", await served.VireoOkAsync("vcpucount", name));
        Assert.Contains("<vcpu placement='static' current='2'>3</vcpu>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);

        // Not running: no job to report, and libvirt's refusal; the last completed job: none.
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "domjobinfo", name);
        Assert.Equal(("Job type:         None        \n\n", "Job type:         None        \n\n"), await served.BothOkAsync("domjobinfo", name, "--completed"));

        await served.VirshOkAsync("start", name);
        await using (var console = await served.ReadyConsoleAsync(name))
        {
            // The guest booted with 2 of its 3 vCPUs (-smp 2,maxcpus=3) and sees exactly those online.
            Assert.Equal("0-1", (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim());
        }
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         2\ncurrent      live           2\n\n",
            await served.VirshOkAsync("vcpucount", name));

        await served.BothRefuseAsync("error: Operation not supported: maximum vcpu count of a live domain can't be modified",
            "setvcpus", name, "3", "--maximum", "--live", "--config");
        await served.BothRefuseAsync("error: invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 4 > 3",
            "setvcpus", name, "4", "--live");
        // Both at once: vCPU 2 is hot-plugged and the saved count follows (VcpuHotplugTests covers hot-plug itself).
        await served.VirshOkAsync("setvcpus", name, "3", "--live", "--config");
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         3\ncurrent      live           3\n\n",
            await served.VirshOkAsync("vcpucount", name));
        await served.VirshOkAsync("setvcpus", name, "2", "--live"); // and unplugged again
        await served.VirshOkAsync("setvcpus", name, "1", "--config");
        Assert.Equal("maximum      config         3\nmaximum      live           3\ncurrent      config         1\ncurrent      live           2\n\n",
            await served.VirshOkAsync("vcpucount", name));

        // A running domain with no long job: libvirtd's exact records (type 0 and no statistics; all zeros).
        Assert.Equal(("Job type:         None        \n\n", "Job type:         None        \n\n"), await served.BothOkAsync("domjobinfo", name));
        Assert.Equal(("Job type: 0\n\n\n", "Job type: 0\n\n\n"), await served.BothOkAsync("domjobinfo", name, "--rawstats"));
        Assert.Equal("[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n{'type': 0}\n{'type': 0}\n", await served.PythonAsync(name,
            "print(d.jobInfo()); print(d.jobStats()); print(d.jobStats(libvirt.VIR_DOMAIN_JOB_STATS_COMPLETED))"));

        await served.VirshOkAsync("destroy", name);
        Assert.Equal("maximum      config         3\ncurrent      config         1\n\n", await served.VirshOkAsync("vcpucount", name));
    }

    private static string Edited(string xml, string from, string to)
    {
        Assert.Contains(from, xml, StringComparison.Ordinal);
        return xml.Replace(from, to, StringComparison.Ordinal);
    }
}
