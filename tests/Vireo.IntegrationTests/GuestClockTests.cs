using System.Globalization;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh domtime and vireo domtime against vireod: the time comes from and goes to the guest's own
/// qemu-guest-agent (the demo kit runs it on the org.qemu.guest_agent.0 channel). Setting takes the
/// domain's job; reading does not. A domain without the channel, or not running, is refused as libvirtd does.
/// </summary>
public sealed class GuestClockTests
{
    // 2033-05-18 03:33:20 UTC: far from the host's clock, so a read-back at or after it proves the set.
    private const long Future = 2_000_000_000;

    [Fact]
    public async Task Domtime_sets_the_guests_clock_reads_it_back_and_syncs_it_from_the_rtc()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("clk", DemoKit.WithAgentChannel);
        await using var console = await rig.StartGuestAsync();

        Assert.Equal("\n", await rig.VirshOkAsync("domtime", rig.Name, "--time", Future.ToString(CultureInfo.InvariantCulture)));
        var read = Seconds(await rig.VirshOkAsync("domtime", rig.Name));
        Assert.InRange(read, Future, Future + 3600);
        // The guest's own clock moved, not a value Vireo keeps.
        Assert.InRange(long.Parse((await console.RunAsync("date +%s")).Trim(), CultureInfo.InvariantCulture), Future, Future + 3600);
        Assert.InRange(Seconds(await rig.Served.VireoOkAsync("domtime", rig.Name)), Future, Future + 3600);
        var pretty = (await rig.VirshOkAsync("domtime", rig.Name, "--pretty")).Trim();
        Assert.StartsWith("Time: 2033-05-18 ", pretty);
        Assert.Equal(pretty[..17], (await rig.Served.VireoOkAsync("domtime", rig.Name, "--pretty")).Trim()[..17]);

        // --sync: the guest sets its clock from its RTC, which the agent wrote along with the time set above
        // (hwclock -w); moving only the system clock away first shows the RTC is what --sync reads.
        await console.RunAsync("date -s @1000000000");
        Assert.InRange(Seconds(await rig.VirshOkAsync("domtime", rig.Name)), 1_000_000_000, 1_000_000_000 + 3600);
        Assert.Equal("\n", await rig.VirshOkAsync("domtime", rig.Name, "--sync"));
        Assert.InRange(Seconds(await rig.VirshOkAsync("domtime", rig.Name)), Future, Future + 3600);
        var host = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // vireo sets it too, and --now takes the host's clock.
        await rig.Served.VireoOkAsync("domtime", rig.Name, "--time", Future.ToString(CultureInfo.InvariantCulture));
        Assert.InRange(Seconds(await rig.VirshOkAsync("domtime", rig.Name)), Future, Future + 3600);
        await rig.VirshOkAsync("domtime", rig.Name, "--now");
        Assert.InRange(Seconds(await rig.Served.VireoOkAsync("domtime", rig.Name)), host - 86400, host + 86400);

        // python-libvirt: setTime/getTime with nanoseconds; a read-only connection may not read the guest's
        // clock either (libvirt refuses it since it talks to the guest: CVE-2019-3886).
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{rig.Uri}}').lookupByName('{{rig.Name}}')
            d.setTime({'seconds': {{Future}}, 'nseconds': 5})
            print(d.getTime()['seconds'] >= {{Future}})
            try:
                libvirt.openReadOnly('{{rig.Uri}}').lookupByName('{{rig.Name}}').getTime()
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, "True\n29 operation forbidden: read only access prevents virDomainGetTime"), (python.ExitCode, python.Stdout.Trim()));

        Assert.Equal("error: Options --time and --sync are mutually exclusive",
            (await rig.VirshFailsAsync("domtime", rig.Name, "--time", "5", "--sync")).Trim());
        var vireo = await rig.Served.VireoAsync("domtime", rig.Name, "--time", "5", "--sync");
        Assert.Equal((1, "error: Options --time and --sync are mutually exclusive"), (vireo.ExitCode, vireo.Stderr.Trim()));
    }

    [Fact]
    public async Task Setting_the_time_waits_for_the_domains_job_and_reading_does_not()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("clkjob", DemoKit.WithAgentChannel);
        await using var console = await rig.StartGuestAsync();
        var dom = rig.Served.Qemu.Registry.GetByName(rig.Name);

        Task<string> set;
        using (await dom.Job.AcquireAsync("snapshot-delete", rig.Name, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            set = rig.VirshOkAsync("domtime", rig.Name, "--time", Future.ToString(CultureInfo.InvariantCulture));
            // Reads are answered while the job is held; the set cannot have run yet, whatever the scheduling.
            Assert.True(Seconds(await rig.VirshOkAsync("domtime", rig.Name)) < Future);
            Assert.False(set.IsCompleted);
        }
        await set;
        Assert.InRange(Seconds(await rig.VirshOkAsync("domtime", rig.Name)), Future, Future + 3600);
    }

    [Fact]
    public async Task A_domain_without_an_agent_channel_or_not_running_is_refused()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("clk-none");
        var refused = (await served.VirshFailsAsync("domtime", name)).Trim();
        Assert.Equal($"error: argument unsupported: QEMU guest agent is not configured (domain '{name}' has no <channel> named org.qemu.guest_agent.0)", refused);
        var vireo = await served.VireoAsync("domtime", name, "--time", "5");
        Assert.Equal((1, refused), (vireo.ExitCode, vireo.Stderr.Trim()));

        await served.VirshOkAsync("destroy", name);
        Assert.Equal("error: Requested operation is not valid: domain is not running", (await served.VirshFailsAsync("domtime", name)).Trim());
        // libvirtd asks the running QEMU's capabilities before anything else, and a shut-off domain has none.
        Assert.Equal("error: Operation not supported: cannot set time: qemu doesn't support rtc-reset-reinjection command",
            (await served.VirshFailsAsync("domtime", name, "--time", "5")).Trim());
    }

    private static long Seconds(string output)
    {
        var line = output.Trim();
        Assert.StartsWith("Time: ", line);
        return long.Parse(line["Time: ".Length..], CultureInfo.InvariantCulture);
    }
}
