using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.IoThreads;

/// <summary>
/// virsh iothreadset against vireod with a real TCG guest, driven by Debian's virsh, python-libvirt and vireo: the
/// polling values and pool bounds as QEMU then reports them (query-iothreads, qom-get), domstats --iothread, the
/// live and saved XML, the pool bounds on QEMU's command line at the next start, and libvirtd 9.0's sentences for
/// each refusal (measured with a sandboxed libvirtd), a refused call leaving QEMU and both definitions as they were.
/// </summary>
public sealed class IoThreadSetTests
{
    [Fact]
    public async Task Polling_and_pool_bounds_reach_qemu_and_the_definitions()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("ioset");
        await served.VirshDefineAsync(name, xml => xml.Replace("</vcpu>", "</vcpu><iothreads>2</iothreads>", StringComparison.Ordinal));

        // Shut off: the saved definition takes pool bounds, not polling values.
        Assert.Equal("error: Operation not supported: configuring persistent polling values is not supported",
            (await served.VirshFailsAsync("iothreadset", name, "1", "--poll-max-ns", "100")).Trim());
        Assert.Equal("error: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("iothreadset", name, "1", "--thread-pool-max", "4", "--live")).Trim());
        Assert.Equal("error: Requested operation is not valid: thread_pool_min (1) can't be greater than thread_pool_max (-1)",
            (await served.VirshFailsAsync("iothreadset", name, "2", "--thread-pool-min", "1")).Trim());
        Assert.Equal("\n", await served.VirshOkAsync("iothreadset", name, "2", "--thread-pool-min", "1", "--thread-pool-max", "4"));
        Assert.Contains("<iothreads>2</iothreads>\n  <iothreadids>\n    <iothread id='1'/>\n    <iothread id='2' thread_pool_min='1' thread_pool_max='4'/>\n  </iothreadids>",
            await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);

        await served.VirshOkAsync("start", name);
        Assert.Contains("iothread,id=iothread2,thread-pool-min=1,thread-pool-max=4", served.QemuArgv(name));
        Assert.Equal((1, 4), await PoolAsync(served, name, 2));

        // Live polling: QEMU's values and domstats change, the XML has no place for them (as in libvirt 9.0).
        var xmlBefore = await served.VirshOkAsync("dumpxml", name);
        await served.VirshOkAsync("iothreadset", name, "1", "--poll-max-ns", "1000", "--poll-grow", "2", "--poll-shrink", "3");
        Assert.Equal((1000L, 2L, 3L), await PollingAsync(served, name, 1));
        var stats = await served.VirshOkAsync("domstats", name, "--iothread");
        Assert.Contains("  iothread.1.poll-max-ns=1000\n  iothread.1.poll-grow=2\n  iothread.1.poll-shrink=3\n", stats, StringComparison.Ordinal);
        Assert.Contains("  iothread.2.poll-max-ns=32768\n", stats, StringComparison.Ordinal);
        Assert.Equal(xmlBefore, await served.VirshOkAsync("dumpxml", name));

        // vireo: a minimum above QEMU's current maximum (4) needs the maximum set first.
        Assert.Equal("\n", await served.VireoOkAsync("iothreadset", name, "2", "--thread-pool-min", "6", "--thread-pool-max", "8"));
        Assert.Equal((6, 8), await PoolAsync(served, name, 2));
        Assert.Contains("<iothread id='2' thread_pool_min='6' thread_pool_max='8'/>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);
        Assert.Contains("<iothread id='2' thread_pool_min='1' thread_pool_max='4'/>", await served.VirshOkAsync("dumpxml", name, "--inactive"), StringComparison.Ordinal);

        // python-libvirt; polling and a bound in one call (libvirtd 9.0 would leave its live XML behind QEMU here).
        Assert.Equal("0\n", await served.PythonAsync(name, """
            print(d.setIOThreadParams(2, {libvirt.VIR_DOMAIN_IOTHREAD_POLL_MAX_NS: 0, libvirt.VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX: 10}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
            """));
        Assert.Equal((0L, 0L, 0L), await PollingAsync(served, name, 2));
        Assert.Equal((6, 10), await PoolAsync(served, name, 2));
        Assert.Contains("<iothread id='2' thread_pool_min='6' thread_pool_max='10'/>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);

        // Refusals leave QEMU and both definitions as they were.
        var live = await served.VirshOkAsync("dumpxml", name);
        var saved = await served.VirshOkAsync("dumpxml", name, "--inactive");
        await served.BothRefuseAsync("error: invalid argument: cannot find IOThread '5' in iothreadids", "iothreadset", name, "5", "--poll-grow", "1");
        await served.BothRefuseAsync("error: Requested operation is not valid: thread_pool_min (-1) must be equal to or greater than 0 for live change",
            "iothreadset", name, "2", "--thread-pool-min", "-1");
        await served.BothRefuseAsync("error: Requested operation is not valid: thread_pool_min (11) can't be greater than thread_pool_max (10)",
            "iothreadset", name, "2", "--thread-pool-min", "11");
        // --live --config: the saved definition refuses first, so QEMU is not touched.
        await served.BothRefuseAsync("error: Operation not supported: configuring persistent polling values is not supported",
            "iothreadset", name, "2", "--poll-grow", "7", "--live", "--config");
        await served.BothRefuseAsync("error: Requested operation is not valid: thread_pool_min (5) can't be greater than thread_pool_max (4)",
            "iothreadset", name, "2", "--thread-pool-min", "5", "--live", "--config");
        await served.BothRefuseAsync("error: unsupported configuration: poll-max-ns (2147483648) must be less than or equal to 2147483647",
            "iothreadset", name, "1", "--poll-max-ns", "2147483648");
        await served.BothRefuseAsync("error: unsupported configuration: thread_pool_max (0) must be a positive number or -1", "iothreadset", name, "1", "--thread-pool-max", "0");
        await served.BothRefuseAsync("error: Not enough arguments passed, nothing to set", "iothreadset", name, "1");
        await served.BothRefuseAsync("error: Invalid IOThread id value: '0'", "iothreadset", name, "0", "--poll-grow", "1");
        await served.BothRefuseAsync("error: Numeric value '-1' for <poll-grow> option is malformed or out of range", "iothreadset", name, "1", "--poll-grow", "-1");
        Assert.Equal((0L, 0L, 0L), await PollingAsync(served, name, 2));
        Assert.Equal((6, 10), await PoolAsync(served, name, 2));
        Assert.Equal(live, await served.VirshOkAsync("dumpxml", name));
        Assert.Equal(saved, await served.VirshOkAsync("dumpxml", name, "--inactive"));
        Assert.Equal("74 0 argument unsupported: parameter 'bogus' not supported\n", await served.PythonAsync(name, """
            try:
                d.setIOThreadParams(1, {'bogus': 1}, 0)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """));

        // --config of a running guest: the saved definition only, QEMU takes it at the next start.
        await served.VireoOkAsync("iothreadset", name, "1", "--thread-pool-max", "3", "--config");
        Assert.Equal((0, 64), await PoolAsync(served, name, 1)); // QEMU's defaults
        Assert.Contains("<iothread id='1' thread_pool_max='3'/>", await served.VirshOkAsync("dumpxml", name, "--inactive"), StringComparison.Ordinal);
        await served.VirshOkAsync("destroy", name);
        await served.VirshOkAsync("start", name);
        Assert.Contains("iothread,id=iothread1,thread-pool-max=3", served.QemuArgv(name));
        Assert.Equal((0, 3), await PoolAsync(served, name, 1));
    }

    private static async Task<(long, long, long)> PollingAsync(ServedEngine served, string name, uint id)
    {
        var thread = ((await served.QmpAsync(name, new QmpCommand("query-iothreads"))) as JsonArray ?? [])
            .Single(t => t!["id"]!.GetValue<string>() == $"iothread{id}")!;
        return (thread["poll-max-ns"]!.GetValue<long>(), thread["poll-grow"]!.GetValue<long>(), thread["poll-shrink"]!.GetValue<long>());
    }

    private static async Task<(int, int)> PoolAsync(ServedEngine served, string name, uint id)
    {
        async Task<int> Get(string property) =>
            (await served.QmpAsync(name, QmpCommands.QomGet($"/objects/iothread{id}", property)))!.GetValue<int>();
        return (await Get("thread-pool-min"), await Get("thread-pool-max"));
    }
}
