using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Tuning.Support;

namespace Vireo.IntegrationTests.Tuning;

/// <summary>
/// setmem, dommemstat and their limits through virsh, checked against what the guest itself reports
/// (/proc/meminfo on its console) and what QEMU reports (query-balloon, BALLOON_CHANGE).
/// </summary>
[Collection(TuningGuestCollection.Name)]
public sealed class BalloonTests(TuningGuestFixture g)
{
    private ServedEngine Rig => g.Rig;

    private async Task<ulong> GuestMemTotalKiB()
    {
        var line = await g.Console.RunAsync("grep MemTotal /proc/meminfo");
        return ulong.Parse(Regex.Match(line, @"MemTotal:\s+(\d+) kB").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task SetmemLive_ShrinksTheGuestsMemTotal_AndGrowsItBack()
    {
        var full = await GuestMemTotalKiB();
        int seen = g.Events.All.Count;
        await Rig.VirshOkAsync("setmem", g.Name, "128M", "--live");
        try
        {
            // The balloon takes 128 MiB away: the guest's MemTotal drops by that much (give or take what the kernel reserves).
            var shrunk = await Expect.EventuallyAsync(GuestMemTotalKiB, kib => kib < full - 120 * 1024, "the guest's MemTotal shrinking by 128 MiB");
            Assert.InRange(full - shrunk, 120UL * 1024, 136UL * 1024);
            await g.Events.WaitForAsync(e => e is BalloonChangeEvent { ActualKiB: 131072 }, TimeSpan.FromSeconds(60), "BALLOON_CHANGE to 131072 KiB", seen);
            var balloon = await Rig.QmpAsync(g.Domain.Uuid, Vireo.Qemu.Qmp.QmpCommands.QueryBalloon());
            Assert.Equal(128L * 1024 * 1024, (long)balloon!["actual"]!);
            Assert.Matches(@"Used memory:\s+131072 KiB", await Rig.VirshOkAsync("dominfo", g.Name));
            Assert.Matches(@"Max memory:\s+262144 KiB", await Rig.VirshOkAsync("dominfo", g.Name));
            Expect.Contains("<currentMemory unit='KiB'>131072</currentMemory>", await Rig.VirshOkAsync("dumpxml", g.Name));
            Expect.Contains("<currentMemory unit='KiB'>262144</currentMemory>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
        }
        finally
        {
            await Rig.VirshOkAsync("setmem", g.Name, "256M", "--live");
        }
        await Expect.EventuallyAsync(GuestMemTotalKiB, kib => kib == full, "the guest's MemTotal growing back");
    }

    [Fact]
    public async Task Dommemstat_WithAPeriod_ReportsTheGuestsOwnCounters()
    {
        var r = await Rig.VirshAsync("dommemstat", g.Name, "--period", "2", "--live");
        Assert.True(r.ExitCode == 0, r.ToString());
        var period = await Rig.QmpAsync(g.Domain.Uuid, Vireo.Qemu.Qmp.QmpCommands.QomGet(Rig.Guest(g.Domain.Uuid).BalloonQomPath!, "guest-stats-polling-interval"));
        Assert.Equal(2, (int)period!);
        Expect.Contains("<stats period='2'/>", await Rig.VirshOkAsync("dumpxml", g.Name));

        var memTotal = await GuestMemTotalKiB();
        // 'available' is the guest's total RAM as its balloon driver reports it: the same number as its MemTotal.
        var stats = await Expect.EventuallyAsync(() => Rig.VirshOkAsync("dommemstat", g.Name),
            s => Stat(s, "available") == memTotal && Stat(s, "last_update") > 0, "the guest's balloon statistics arriving");
        Assert.Equal(262144UL, Stat(stats, "actual"));
        Assert.True(Stat(stats, "rss") > 0, stats);
        Assert.True(Stat(stats, "unused") is > 0 and var unused && unused < memTotal, stats);
        Assert.True(Stat(stats, "usable") is > 0 and var usable && usable <= memTotal, stats);
        var firstUpdate = Stat(stats, "last_update");
        await Expect.EventuallyAsync(() => Rig.VirshOkAsync("dommemstat", g.Name), s => Stat(s, "last_update") > firstUpdate,
            "a newer statistics update (every 2 s)");
    }

    private static ulong? Stat(string output, string name) =>
        Regex.Match(output, $@"^{name} (\d+)\s*$", RegexOptions.Multiline) is { Success: true } m
            ? ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    [Fact]
    public async Task Setmem_AboveTheMaximum_IsRefused_LiveAndConfig()
    {
        foreach (var mode in new[] { "--live", "--config" })
        {
            var error = await Rig.VirshFailsAsync("setmem", g.Name, "300M", mode);
            Expect.Contains("error: invalid argument: cannot set memory higher than max memory", error);
        }
        Expect.Contains("<currentMemory unit='KiB'>262144</currentMemory>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
    }

    [Fact]
    public async Task Setmem_Config_ChangesTheSavedCurrentMemoryOnly()
    {
        await Rig.VirshOkAsync("setmem", g.Name, "200M", "--config");
        try
        {
            Expect.Contains("<currentMemory unit='KiB'>204800</currentMemory>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
            var balloon = await Rig.QmpAsync(g.Domain.Uuid, Vireo.Qemu.Qmp.QmpCommands.QueryBalloon());
            Assert.Equal(256L * 1024 * 1024, (long)balloon!["actual"]!);
        }
        finally
        {
            await Rig.VirshOkAsync("setmem", g.Name, "256M", "--config");
        }
    }

    [Fact]
    public async Task Setmaxmem_OnTheRunningGuest_IsRefusedAsLibvirtDoes()
    {
        var error = await Rig.VirshFailsAsync("setmaxmem", g.Name, "512M");
        Expect.Contains("error: Requested operation is not valid: cannot resize the maximum memory on an active domain", error);
        error = await Rig.VirshFailsAsync("setmaxmem", g.Name, "512M", "--config");
        Expect.Contains("error: Requested operation is not valid: initial memory size of a domain with NUMA nodes cannot be modified with this API", error);
        Expect.Contains("<memory unit='KiB'>262144</memory>", await Rig.VirshOkAsync("dumpxml", g.Name, "--inactive"));
    }

    [Fact]
    public async Task Setmaxmem_Config_OnADefinedDomain_IsCheckedAgainstTheHostsRam()
    {
        var name = Vireo.IntegrationTests.Support.DemoKit.UniqueName("maxmem");
        await Rig.VirshDefineAsync(name);
        try
        {
            await Rig.VirshOkAsync("setmaxmem", name, "512M", "--config");
            var xml = await Rig.VirshOkAsync("dumpxml", name);
            Expect.Contains("<memory unit='KiB'>524288</memory>", xml);
            Expect.Contains("<currentMemory unit='KiB'>262144</currentMemory>", xml);

            await Rig.VirshOkAsync("setmaxmem", name, "128M", "--config"); // a lower maximum lowers the current size with it
            xml = await Rig.VirshOkAsync("dumpxml", name);
            Expect.Contains("<memory unit='KiB'>131072</memory>", xml);
            Expect.Contains("<currentMemory unit='KiB'>131072</currentMemory>", xml);

            var host = CgroupFiles.MemTotalKiB();
            var error = await Rig.VirshFailsAsync("setmaxmem", name, $"{host + 1024 * 1024}K", "--config");
            Expect.Contains($"this host has only {host} KiB of RAM", error);
            error = await Rig.VirshFailsAsync("setmem", name, "256M", "--config");
            Expect.Contains("error: invalid argument: cannot set memory higher than max memory", error);
            error = await Rig.VirshFailsAsync("setmem", name, "64M", "--live");
            Expect.Contains("error: Requested operation is not valid: domain is not running", error);
            Expect.Contains("<memory unit='KiB'>131072</memory>", await Rig.VirshOkAsync("dumpxml", name));
        }
        finally
        {
            await Rig.VirshOkAsync("undefine", name);
        }
    }
}
