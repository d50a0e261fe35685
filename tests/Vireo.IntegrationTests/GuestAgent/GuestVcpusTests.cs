using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// virsh/vireo guestvcpus, setvcpus --guest and vcpucount --guest, and python-libvirt's guestVcpus,
/// setGuestVcpus, setVcpusFlags/vcpusFlags with VIR_DOMAIN_VCPU_GUEST, against vireod with a real TCG guest
/// whose kit runs qemu-guest-agent. What the guest's kernel has online is read on its console. Every output
/// and error sentence below is what libvirtd 9.0 gave for the same kit and calls (a sandboxed libvirtd).
/// </summary>
public sealed class GuestVcpusTests
{
    private static string Table(string vcpus, string online, string offlinable) =>
        $"vcpus          : {vcpus}\nonline         : {online}\nofflinable     : {offlinable}\n\n";

    private static async Task<string> Online(ConsoleReader console) => (await console.RunAsync("cat /sys/devices/system/cpu/online")).Trim();

    [Fact]
    public async Task The_guests_agent_onlines_and_offlines_cpus_including_a_hot_plugged_one()
    {
        await using var served = await ServedEngine.StartAsync();
        var g = await served.StartGuestAsync("gvc", xml => DemoKit.WithAgentChannel(xml).Replace("<vcpu>1</vcpu>", "<vcpu current='2'>3</vcpu>", StringComparison.Ordinal));
        await using var console = await served.ReadyConsoleAsync(g);
        await console.QuietKernelAsync();

        // The agent's view is the kernel's. (A TCG guest on a busy host may fail to bring CPU 1 up at boot.)
        var booted = await Online(console);
        Assert.Equal(Table("0-1", booted, "1"), await served.VirshOkAsync("guestvcpus", g));
        Assert.Equal("\n", await served.VirshOkAsync("guestvcpus", g, "--cpulist", "1", "--enable"));
        Assert.Equal("0-1", await Online(console));
        Assert.Equal(Table("0-1", "0-1", "1"), await served.VirshOkAsync("guestvcpus", g));
        Assert.Equal(Table("0-1", "0-1", "1"), await served.VireoOkAsync("guestvcpus", g));
        Assert.Equal("2\n\n", await served.VirshOkAsync("vcpucount", g, "--guest"));
        Assert.Equal("2\n\n", await served.VireoOkAsync("vcpucount", g, "--guest", "--maximum"));

        // setvcpus --guest takes CPU 1 down and brings it back; the hypervisor's counts do not move.
        await served.VirshOkAsync("setvcpus", g, "1", "--guest");
        Assert.Equal("0", await Online(console));
        Assert.Equal("1\n\n", await served.VirshOkAsync("vcpucount", g, "--guest"));
        Assert.Equal("2\n\n", await served.VirshOkAsync("vcpucount", g, "--live"));
        await served.VireoOkAsync("setvcpus", g, "2", "--guest");
        Assert.Equal("0-1", await Online(console));
        await served.VireoOkAsync("guestvcpus", g, "--cpulist", "1", "--disable");
        Assert.Equal("0", await Online(console));
        Assert.Equal(Table("0-1", "0", "1"), await served.VirshOkAsync("guestvcpus", g));

        // python-libvirt.
        Assert.Equal("{'vcpus': '0-1', 'online': '0', 'offlinable': '1'}\n0\n{'vcpus': '0-1', 'online': '0-1', 'offlinable': '1'}\n2 2\n0\n1\n",
            await served.PythonAsync(g, """
                print(d.guestVcpus())
                print(d.setGuestVcpus('1', 1))
                print(d.guestVcpus())
                print(d.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_GUEST), d.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_GUEST | libvirt.VIR_DOMAIN_AFFECT_CONFIG))
                print(d.setVcpusFlags(1, libvirt.VIR_DOMAIN_VCPU_GUEST | libvirt.VIR_DOMAIN_AFFECT_LIVE))
                print(d.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_GUEST))
                """));
        Assert.Equal("0", await Online(console));

        // A hot-plugged vCPU stays offline in this kernel until the agent brings it up.
        await served.VirshOkAsync("guestvcpus", g, "--cpulist", "1", "--enable");
        await served.VirshOkAsync("setvcpus", g, "3", "--live");
        await Expect.EventuallyAsync(() => served.VirshOkAsync("guestvcpus", g), o => o.StartsWith("vcpus          : 0-2\n", StringComparison.Ordinal), "the guest seeing vCPU 2");
        Assert.Equal(Table("0-2", "0-1", "1-2"), await served.VirshOkAsync("guestvcpus", g));
        Assert.Equal("3\n\n", await served.VirshOkAsync("vcpucount", g, "--guest", "--maximum"));
        await served.VirshOkAsync("setvcpus", g, "3", "--guest");
        Assert.Equal("0-2", await Online(console));
        Assert.Equal("3", (await console.RunAsync("grep -c ^processor /proc/cpuinfo")).Trim());
        await served.VirshOkAsync("guestvcpus", g, "--cpulist", "2", "--disable");
        await served.VireoOkAsync("guestvcpus", g, "--cpulist", "1-2", "--enable");
        Assert.Equal("3", (await console.RunAsync("nproc")).Trim());

        // libvirtd 9.0's refusals, from virsh and vireo alike.
        foreach (var (args, error) in new[]
                 {
                     (new[] { "setvcpus", g, "4", "--guest" }, "error: invalid argument: requested vcpu count is greater than the count of enabled vcpus in the domain: 4 > 3"),
                     (["guestvcpus", g, "--cpulist", "0", "--disable"], "error: Operation not supported: vCPU '0' is not offlinable"),
                     (["guestvcpus", g, "--cpulist", "1,3-7", "--enable"], "error: invalid argument: guest is missing vCPUs '3-7'"),
                     (["guestvcpus", g, "--cpulist", "abc", "--enable"], "error: invalid argument: Failed to parse bitmap 'abc'"),
                     (["guestvcpus", g, "--cpulist", "5000", "--enable"], "error: invalid argument: Failed to parse bitmap '5000'"),
                     (["guestvcpus", g, "--cpulist", "1"], "error: One of options --enable or --disable is required by option --cpulist"),
                     (["guestvcpus", g, "--enable"], "error: Option --cpulist is required by option --enable"),
                     (["guestvcpus", g, "--cpulist", "1", "--enable", "--disable"], "error: Options --enable and --disable are mutually exclusive"),
                     (["setvcpus", g, "2", "--guest", "--config"], "error: Options --guest and --config are mutually exclusive"),
                     (["vcpucount", g, "--guest", "--config"], "error: Options --guest and --config are mutually exclusive"),
                 })
            await served.BothRefuseAsync(error, args);
        Assert.Equal("0-2", await Online(console));

        // Read-only connections may not reach the agent (libvirtd 9.0's refusals).
        foreach (var (args, api) in new[]
                 {
                     (new[] { "guestvcpus", g }, "virDomainGetGuestVcpus"),
                     (["guestvcpus", g, "--cpulist", "1", "--disable"], "virDomainSetGuestVcpus"),
                     (["vcpucount", g, "--guest"], "virDomainGetVcpusFlags"),
                     (["setvcpus", g, "1", "--guest"], "virDomainSetVcpusFlags"),
                 })
            Assert.Equal($"error: operation forbidden: read only access prevents {api}", (await served.VirshFailsAsync(["-r", .. args])).Trim());
        Assert.Equal("3\n\n", await served.VirshOkAsync("-r", "vcpucount", g, "--live"));

        // Arguments only a raw client can send, refused by the daemon in libvirtd's words.
        Assert.Equal("8 10 unsupported state value\n8 10 unsupported flags (0x1) in function qemuDomainSetGuestVcpus\n8 10 unsupported flags (0x10) in function qemuDomainGetVcpusFlags\n",
            await served.PythonAsync(g, """
                for call in (lambda: d.setGuestVcpus('1', 2), lambda: d.setGuestVcpus('1', 1, 1), lambda: d.vcpusFlags(libvirt.VIR_DOMAIN_VCPU_GUEST | libvirt.VIR_DOMAIN_VCPU_HOTPLUGGABLE)):
                    try:
                        call()
                    except libvirt.libvirtError as e:
                        print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
                """));

        // Paused, then shut off: refused at once.
        await served.VirshOkAsync("suspend", g);
        foreach (var args in new[] { new[] { "guestvcpus", g }, ["guestvcpus", g, "--cpulist", "1", "--enable"], ["vcpucount", g, "--guest"], ["setvcpus", g, "1", "--guest"] })
            Assert.Equal("error: Requested operation is not valid: domain is not running", (await served.VirshFailsAsync(args)).Trim());
        await served.VirshOkAsync("resume", g);
        Assert.Equal("0-2", await Online(console));
        await served.VirshOkAsync("destroy", g);
        Assert.Equal("error: Failed to retrieve vCPU count from the guest\nerror: invalid argument: vCPU count provided by the guest agent can only be requested for live domains",
            (await served.VirshFailsAsync("vcpucount", g, "--guest")).Trim());
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "setvcpus", g, "1", "--guest");
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "guestvcpus", g);
    }

    [Fact]
    public async Task Without_an_agent_channel_or_before_the_agent_opened_it_the_errors_are_libvirts()
    {
        await using var served = await ServedEngine.StartAsync();
        var none = await served.StartGuestAsync("gvc-none", xml => xml.Replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>", StringComparison.Ordinal));
        foreach (var args in new[] { new[] { "guestvcpus", none }, ["guestvcpus", none, "--cpulist", "1", "--enable"], ["vcpucount", none, "--guest"], ["setvcpus", none, "1", "--guest"] })
            Assert.StartsWith("error: argument unsupported: QEMU guest agent is not configured", (await served.VirshFailsAsync(args)).Trim());

        // The guest runs no agent: QEMU says the channel is closed, so the answer comes at once.
        var silent = await served.StartGuestAsync("gvc-silent", xml => DemoKit.WithAgentChannel(xml)
            .Replace("no_timer_check</cmdline>", "no_timer_check vireo.noqga=1</cmdline>", StringComparison.Ordinal));
        foreach (var args in new[] { new[] { "guestvcpus", silent }, ["vcpucount", silent, "--guest"], ["setvcpus", silent, "1", "--guest"] })
            Assert.StartsWith("error: Guest agent is not responding: QEMU guest agent is not connected", (await served.VirshFailsAsync(args)).Trim());
    }
}
