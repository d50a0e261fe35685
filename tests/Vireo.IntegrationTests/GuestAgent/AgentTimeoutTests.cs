using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// virsh/vireo guest-agent-timeout (DOMAIN_AGENT_SET_RESPONSE_TIMEOUT 420): the refusals are libvirtd 9.0's
/// (compared with a sandboxed libvirtd), and on a real TCG guest with qemu-guest-agent the timeout governs
/// vireod's agent calls (0: no wait, so every call fails at once; -1, -2 and seconds: answered) and is kept in
/// the running guest's status file, as libvirt keeps it.
/// </summary>
public sealed class AgentTimeoutTests
{
    private const string ShutOffXml = "<domain type='qemu'><name>gat1</name><uuid>6c1d8a7e-2f0b-4c55-9a3e-0b7d4e1f2a90</uuid>"
        + "<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public async Task Virsh_gets_the_same_answers_from_vireod_as_from_libvirtd_for_a_shut_off_domain()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = await served.ListenReadOnlyAsync();
        var file = served.WriteFile("gat1.xml", ShutOffXml);
        await ProcessRunner.OkAsync("virsh", "-c", libvirtd.Uri, "define", file);
        await served.VirshOkAsync("define", file);
        Task Both(bool readOnly, params string[] args) =>
            libvirtd.VirshSameAsync(readOnly ? libvirtd.ReadOnlyUri : libvirtd.Uri, readOnly ? ro : served.Uri, args);
        foreach (var value in new[] { null, "5", "-2", "-1", "0", "-3", "-2147483648", "abc", "2147483648" })
            await Both(false, value is null ? ["guest-agent-timeout", "gat1"] : ["guest-agent-timeout", "gat1", "--timeout", value]);
        await Both(false, "guest-agent-timeout", "nosuch", "--timeout", "1");
        await Both(true, "guest-agent-timeout", "gat1", "--timeout", "1");
        // The other agent settings of this change, refused alike for a guest that does not run (AuthorizedSshKeysTests runs one).
        foreach (var ro2 in new[] { false, true })
        {
            await Both(ro2, "get-user-sshkeys", "gat1", "root");
            await Both(ro2, "set-user-sshkeys", "gat1", "root", "--reset");
        }

        var script = served.WriteFile("gat.py", """
            import libvirt, sys
            d = libvirt.open(sys.argv[1]).lookupByName("gat1")
            for timeout, flags in ((1, 1), (-3, 0), (-3, 2), (7, 0)):
                try:
                    print(d.agentSetResponseTimeout(timeout, flags))
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """);
        var theirsPy = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        Assert.Contains("8 10 unsupported flags (0x2) in function qemuDomainAgentSetResponseTimeout", theirsPy);
        Assert.Equal(theirsPy, await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri));
    }

    [Fact]
    public async Task The_timeout_governs_the_agent_calls_of_a_running_guest_and_is_kept_in_its_status()
    {
        await using var rig = await ServedEngine.StartAsync();
        var g = await rig.StartGuestAsync("gat", DemoKit.WithAgentChannel);
        await using var console = await rig.ReadyConsoleAsync(g);
        Assert.Matches(@"^Time: \d+", await rig.VirshOkAsync("domtime", g));

        // No wait: the call gives up before the agent could answer, every time.
        Assert.Equal("\n", await rig.VirshOkAsync("guest-agent-timeout", g, "--timeout", "0"));
        var refused = await rig.VirshFailsAsync("domtime", g);
        Assert.Contains("error: Guest agent is not responding: ", refused);
        Assert.Contains("at once (its timeout is 0, no wait: guest-agent-timeout)", refused);
        Assert.Contains("at once", await rig.VirshFailsAsync("domhostname", g, "--source", "agent"));
        Assert.Matches("<runtime name=\"agenttimeout\" value=\"0\"", StatusFile(rig, g));

        // Forever, seconds, the default again: the agent answers; the vireo CLI sets it the same way.
        foreach (var value in new[] { "-2", "30" })
        {
            await rig.VireoOkAsync("guest-agent-timeout", g, "--timeout", value);
            Assert.Matches(@"^Time: \d+", await rig.VirshOkAsync("domtime", g));
            Assert.Matches($"<runtime name=\"agenttimeout\" value=\"{value}\"", StatusFile(rig, g));
        }
        await rig.VireoOkAsync("guest-agent-timeout", g);
        Assert.Equal((await console.RunAsync("hostname")).Trim(), (await rig.VirshOkAsync("domhostname", g, "--source", "agent")).Trim());
        Assert.DoesNotContain("agenttimeout", StatusFile(rig, g)); // the default is not written
    }

    private static string StatusFile(ServedEngine rig, string name) =>
        File.ReadAllText(Directory.EnumerateFiles(rig.Paths.RunDir, name + ".xml", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f).Contains("<domstatus", StringComparison.Ordinal)));
}
