using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.DirtyRate;

/// <summary>
/// virsh domdirtyrate-calc and domstats --dirtyrate against vireod with a real TCG guest whose shell keeps rewriting
/// a file of random bytes in its RAM-backed root: QEMU's page sampling measures a nonzero rate, reported in
/// libvirt's dirtyrate.* fields to virsh, vireo and python-libvirt. Refusals use libvirtd 9.0's words, except the
/// dirty-bitmap mode under TCG, which vireod refuses where libvirtd lets QEMU 7.2 crash.
/// </summary>
public sealed class DirtyRateTests
{
    [Fact]
    public async Task A_guest_rewriting_memory_gets_a_nonzero_measured_dirty_rate()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dirty");
        await using var console = await served.ReadyConsoleAsync(name);
        await console.QuietKernelAsync();
        // 32 MiB of the guest's 256 (in its RAM-backed root) rewritten in place with fresh random bytes on every
        // pass: page sampling compares a sampled page's hash at the period's start and end, so content that comes
        // back to what it was (zeros and one random block in turn, as this test once wrote, could line up with
        // the period on a loaded host and read as 0 MB/s) must never recur.
        await console.RunAsync("dd if=/dev/urandom of=/tmp/dirty bs=1M count=32 2>/dev/null");
        await console.RunAsync("(while :; do dd if=/dev/urandom of=/tmp/dirty bs=1M count=32 conv=notrunc 2>/dev/null; " +
            "done) >/dev/null 2>&1 & true");
        var writing = await console.RunAsync("ls -l /tmp; cat /proc/loadavg");

        // Before any measurement QEMU reports the unstarted state, as libvirtd shows it.
        Assert.Equal($"Domain: '{name}'\n  dirtyrate.calc_status=0\n  dirtyrate.calc_start_time=0\n  dirtyrate.calc_period=0\n  dirtyrate.calc_mode=page-sampling\n\n",
            await served.VirshOkAsync("domstats", "--dirtyrate", name));

        Assert.Equal("Start to calculate domain's memory dirty rate successfully.\n\n", await served.VirshOkAsync("domdirtyrate-calc", name, "--seconds", "2"));
        var measured = await Expect.EventuallyAsync(() => served.VirshOkAsync("domstats", "--dirtyrate", name),
            s => s.Contains("dirtyrate.calc_status=2", StringComparison.Ordinal), "the measurement to end");
        var m = Regex.Match(measured,
            $@"^Domain: '{name}'\n  dirtyrate\.calc_status=2\n  dirtyrate\.calc_start_time=(\d+)\n  dirtyrate\.calc_period=[1-9]\d*\n  dirtyrate\.calc_mode=page-sampling\n  dirtyrate\.megabytes_per_second=(\d+)\n\n$");
        Assert.True(m.Success, measured);
        Assert.True(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0, measured);
        Assert.True(long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > 0, $"the guest rewrites memory all the time ({writing}), yet: {measured}");

        // The whole domstats (no group named) carries the group too, as libvirtd's does.
        Assert.Contains("  dirtyrate.calc_status=2\n", await served.VirshOkAsync("domstats", name), StringComparison.Ordinal);

        // python-libvirt sees the typed values; vireo starts a measurement and prints the same fields.
        var python = await served.PythonAsync(name, """
            s = c.domainListGetStats([d], libvirt.VIR_DOMAIN_STATS_DIRTYRATE)[0][1]
            print(s['dirtyrate.calc_status'], s['dirtyrate.calc_mode'], s['dirtyrate.megabytes_per_second'] > 0)
            """);
        Assert.Equal("2 page-sampling True\n", python);
        Assert.Equal("Start to calculate domain's memory dirty rate successfully.\n\n", await served.VireoOkAsync("domdirtyrate-calc", name, "--seconds", "1", "--mode", "page-sampling"));
        var vireo = await Expect.EventuallyAsync(() => served.VireoOkAsync("domstats", "--dirtyrate", name),
            s => s.Contains("dirtyrate.calc_status=2", StringComparison.Ordinal) && !s.Contains($"calc_start_time={m.Groups[1].Value}\n", StringComparison.Ordinal),
            "vireo's measurement to end");
        Assert.Matches(@"  dirtyrate\.megabytes_per_second=[1-9]\d*\n", vireo);
    }

    [Fact]
    public async Task Refusals_are_libvirts_and_a_refused_calculation_starts_nothing()
    {
        await using var served = await ServedEngine.StartAsync();
        var off = await served.DefineGuestAsync("dirtyoff");
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "domdirtyrate-calc", off);
        await served.BothRefuseAsync("error: unsupported configuration: seconds=0 is invalid, please choose value within [1, 60].", "domdirtyrate-calc", off, "--seconds", "0");
        await served.BothRefuseAsync("error: Unknown calculation mode 'bogus'", "domdirtyrate-calc", off, "--mode", "bogus");
        Assert.Equal($"Domain: '{off}'\n\n", await served.VirshOkAsync("domstats", "--dirtyrate", off));
        Assert.Equal("error: argument unsupported: Stats types bits 0x200 are not supported by this daemon or QEMU",
            (await served.VirshFailsAsync("domstats", "--dirtyrate", "--enforce", off)).Trim());

        var name = await served.StartGuestAsync("dirty");
        await served.BothRefuseAsync("error: unsupported configuration: seconds=61 is invalid, please choose value within [1, 60].", "domdirtyrate-calc", name, "--seconds", "61");
        await served.BothRefuseAsync("error: Operation not supported: dirty-ring calculation mode requires dirty-ring feature enabled.", "domdirtyrate-calc", name, "--mode", "dirty-ring");
        await served.BothRefuseAsync(
            $"error: Operation not supported: dirty-bitmap calculation mode requires a KVM guest: domain '{name}' runs under TCG, where QEMU cannot log dirty pages this way",
            "domdirtyrate-calc", name, "--mode", "dirty-bitmap");
        var python = await served.PythonAsync(name, """
            for flags in (3, 0x20):
                try:
                    d.startDirtyRateCalc(1, flags)
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """);
        Assert.Equal(
            "8 20 Flags 'VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP' and 'VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING' are mutually exclusive\n" +
            "8 10 unsupported flags (0x20) in function qemuDomainStartDirtyRateCalc\n", python);
        // None of these started a measurement, and the guest still runs.
        Assert.Contains("  dirtyrate.calc_status=0\n", await served.VirshOkAsync("domstats", "--dirtyrate", name), StringComparison.Ordinal);
        Assert.Equal("running\n\n", await served.VirshOkAsync("domstate", name));

        // A second measurement while the first runs is QEMU's refusal, in libvirt's words.
        await served.VirshOkAsync("domdirtyrate-calc", name, "--seconds", "60");
        await served.BothRefuseAsync("error: internal error: unable to execute QEMU command 'calc-dirty-rate': the dirty rate is already being measured.", "domdirtyrate-calc", name);
        Assert.Contains("  dirtyrate.calc_status=1\n  dirtyrate.calc_start_time=", await served.VirshOkAsync("domstats", "--dirtyrate", name), StringComparison.Ordinal);
    }
}
