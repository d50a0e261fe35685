using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.QemuProgram;

/// <summary>
/// libvirt-qemu against libvirtd 9.0 in its sandbox and against vireod, the same TCG guest with its agent (same
/// name) on each: python's libvirt_qemu and virsh must print the same replies, errors (code, domain, sentence) and
/// events, once libvirt's command ids ("libvirt-N") and the events' timestamps are set aside. Where vireod words
/// a parse error with .NET's reason (documented in docs/protocol.md), only the sentence's start is compared.
/// </summary>
public sealed partial class QemuProgramParityTests
{
    private const string Probe = """
        import libvirt, libvirt_qemu, sys
        c = libvirt.open(sys.argv[1]); ro = libvirt.openReadOnly(sys.argv[2])
        d = c.lookupByName(sys.argv[3]); off = c.lookupByName(sys.argv[4]); rod = ro.lookupByName(sys.argv[3])
        def show(f):
            try:
                print('OK', repr(f()))
            except libvirt.libvirtError as e:
                m = e.get_error_message()
                if 'cannot parse json' in m or 'failed to compile regex' in m: m = m.split(': ')[0] + ': ' + m.split(': ')[1]
                print('ERR', e.get_error_code(), e.get_error_domain(), repr(m))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-name"}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status"}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"nosuch"}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-name","arguments":{"a":1}}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status","id":"mine"}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '[1]', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, 'garbage', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status"}', 4))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, 'info status', 1))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, 'nosuch', 1))
        show(lambda: libvirt_qemu.qemuMonitorCommand(d, '', 1))
        show(lambda: libvirt_qemu.qemuMonitorCommand(off, '{"execute":"query-status"}', 0))
        show(lambda: libvirt_qemu.qemuMonitorCommand(rod, '{"execute":"query-status"}', 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -2, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', 5, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', 0, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -3, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -1, 1))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-sync","arguments":{"id":5}}', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"nosuch"}', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-shutdown","arguments":{"mode":"bogus"}}', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(d, 'garbage', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(off, '{"execute":"guest-ping"}', -1, 0))
        show(lambda: libvirt_qemu.qemuAgentCommand(rod, '{"execute":"guest-ping"}', -1, 0))
        show(lambda: libvirt_qemu.qemuAttach(c, 1, 0))
        libvirt.virEventRegisterDefaultImpl()
        show(lambda: libvirt_qemu.qemuMonitorEventRegister(c, None, None, lambda *a: None, None, 8))
        show(lambda: libvirt_qemu.qemuMonitorEventRegister(c, None, '(', lambda *a: None, None, 1))
        show(lambda: libvirt_qemu.qemuMonitorEventRegister(ro, None, None, lambda *a: None, None, 0))
        """;

    [Fact]
    public async Task Replies_errors_and_events_are_libvirtds()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("qmpar", DemoKit.WithAgentChannel);
        var off = await served.DefineGuestAsync("qmoff");
        var ours = await served.ListenReadOnlyAsync();

        var guestXml = Path.Combine(libvirtd.Dir, "guest.xml");
        await File.WriteAllTextAsync(guestXml, DemoKit.DomainXml(name, DemoKit.WithAgentChannel), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "create", guestXml]);
        var offXml = Path.Combine(libvirtd.Dir, "off.xml");
        await File.WriteAllTextAsync(offXml, DemoKit.DomainXml(off), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", offXml]);

        await served.AgentConnectedAsync(name);
        await Expect.EventuallyAsync(async () => (await ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, "dumpxml", name])).Stdout,
            x => x.Contains("name='org.qemu.guest_agent.0' state='connected'", StringComparison.Ordinal), $"the agent of {name} on libvirtd to connect");

        var theirs = await ProbeAsync(libvirtd.Uri, libvirtd.ReadOnlyUri, name, off);
        Assert.Equal(theirs, await ProbeAsync(served.Uri, ours, name, off));
        Assert.Equal(await EventsAsync(libvirtd.Uri, name), await EventsAsync(served.Uri, name));
    }

    private static async Task<string> ProbeAsync(string uri, string readOnlyUri, string name, string off)
    {
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", Probe, uri, readOnlyUri, name, off]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return CommandId().Replace(r.Stdout, "libvirt-N");
    }

    /// <summary>What virsh qemu-monitor-event printed for a pause and a resume, timestamps set aside.</summary>
    private static async Task<string[]> EventsAsync(string uri, string name)
    {
        await using var virsh = LineCapture.Start("virsh", "-c", uri, "qemu-monitor-event", "--domain", name, "--loop", "--timeout", "120",
            "--event", "STOP|RESUME", "--regex");
        await Expect.EventuallyAsync(async () =>
        {
            await ProcessRunner.OkAsync("virsh", ["-c", uri, "suspend", name]);
            await ProcessRunner.OkAsync("virsh", ["-c", uri, "resume", name]);
            return virsh.Text;
        }, t => StopThenResume(t) is not null, $"virsh qemu-monitor-event on {uri} to print a STOP and then a RESUME");
        return StopThenResume(virsh.Text)!;
    }

    /// <summary>The first STOP line and the RESUME after it, timestamps set aside (virsh may register between a pause and its resume).</summary>
    private static string[]? StopThenResume(string text)
    {
        var lines = text.Split('\n').Select(l => Timestamp().Replace(l, "at T")).ToList();
        var stop = lines.FindIndex(l => l.StartsWith("event STOP", StringComparison.Ordinal));
        var resume = stop < 0 ? -1 : lines.FindIndex(stop, l => l.StartsWith("event RESUME", StringComparison.Ordinal));
        return resume < 0 ? null : [lines[stop], lines[resume]];
    }

    [GeneratedRegex("libvirt-[0-9]+")]
    private static partial Regex CommandId();

    [GeneratedRegex(@"at [0-9]+\.[0-9]{6}")]
    private static partial Regex Timestamp();
}
