using System.Text.RegularExpressions;
using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.IoThreads;

/// <summary>
/// virsh iothreadset against a sandboxed libvirtd 9.0 and vireod, each with the demo TCG guest running with two
/// IOThreads and a shut-off copy, under the same names: every command prints the same output and errors, the
/// IOThread part of the live and saved XML and domstats --iothread read the same after each step, python-libvirt
/// gets the same error codes, domains and sentences, and so does Vireo.Client for what python cannot send (an
/// empty list, a wrong type). Left out: polling values and a pool bound in one live call, after which libvirtd 9.0's
/// live XML keeps the old bound though QEMU took the new one; vireod records it (IoThreadSetTests).
/// </summary>
public sealed partial class IoThreadSetParityTests
{
    private const string Probe = """
        import libvirt, sys
        libvirt.registerErrorHandler(lambda *a: None, None)
        c = libvirt.open(sys.argv[1]); ro = libvirt.openReadOnly(sys.argv[2])
        d = c.lookupByName(sys.argv[3]); off = c.lookupByName(sys.argv[4]); rod = ro.lookupByName(sys.argv[3])
        def show(f):
            try:
                print('OK', repr(f()))
            except libvirt.libvirtError as e:
                print('ERR', e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
        show(lambda: d.setIOThreadParams(1, {'bogus': 1}, 0))
        show(lambda: d.setIOThreadParams(0, {'poll_grow': 1}, 0))
        show(lambda: d.setIOThreadParams(0, {'bogus': 1}, 0))
        show(lambda: d.setIOThreadParams(1, {'poll_grow': 1}, 4))
        show(lambda: d.setIOThreadParams(1, {'poll_grow': 1}, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
        show(lambda: d.setIOThreadParams(1, {'thread_pool_min': 1}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
        show(lambda: d.setIOThreadParams(1, {'poll_max_ns': 5000}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
        show(lambda: d.setIOThreadParams(1, {'thread_pool_min': 0, 'thread_pool_max': 7}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
        show(lambda: off.setIOThreadParams(1, {'poll_grow': 1}, libvirt.VIR_DOMAIN_AFFECT_LIVE))
        show(lambda: off.setIOThreadParams(3, {'thread_pool_max': 1}, 0))
        show(lambda: rod.setIOThreadParams(1, {'poll_grow': 1}, 0))
        """;

    [Fact]
    public async Task Iothreadset_does_what_libvirtd_does()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        static string WithIoThreads(string xml) => xml.Replace("</vcpu>", "</vcpu><iothreads>2</iothreads>", StringComparison.Ordinal);
        var name = DemoKit.UniqueName("isp");
        var off = DemoKit.UniqueName("iso");
        foreach (var n in new[] { name, off })
        {
            var xmlFile = Path.Combine(libvirtd.Dir, n + ".xml");
            await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(n, WithIoThreads), TestContext.Current.CancellationToken);
            await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", xmlFile]);
            await served.VirshDefineAsync(n, WithIoThreads);
        }
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "start", name]);
        await served.VirshOkAsync("start", name);
        var ours = served.Uri;
        var oursReadOnly = await served.ListenReadOnlyAsync();

        async Task Same(params string[] args)
        {
            await libvirtd.VirshSameAsync(libvirtd.Uri, ours, args);
            Assert.Equal(await IoThreadXmlAsync(libvirtd.Uri, name), await IoThreadXmlAsync(ours, name));
            Assert.Equal(await IoThreadXmlAsync(libvirtd.Uri, name, "--inactive"), await IoThreadXmlAsync(ours, name, "--inactive"));
            Assert.Equal(await IoThreadXmlAsync(libvirtd.Uri, off), await IoThreadXmlAsync(ours, off));
        }

        // The running guest: polling, then pool bounds, and libvirt's order of checks with --live --config.
        await Same("iothreadset", name, "1", "--poll-max-ns", "1000", "--poll-grow", "2", "--poll-shrink", "3");
        await Same("domstats", name, "--iothread");
        await Same("iothreadset", name, "2", "--thread-pool-max", "3");
        await Same("iothreadset", name, "2", "--thread-pool-min", "5");
        await Same("iothreadset", name, "2", "--thread-pool-min", "20", "--thread-pool-max", "60");
        await Same("iothreadset", name, "2", "--thread-pool-max", "-1");
        await Same("iothreadset", name, "2", "--thread-pool-min", "-1", "--thread-pool-max", "-1");
        await Same("iothreadset", name, "5", "--poll-grow", "1");
        await Same("iothreadset", name, "1", "--poll-grow", "4294967295");
        await Same("iothreadset", name, "1", "--poll-max-ns", "18446744073709551615", "--thread-pool-min", "-5");
        await Same("iothreadset", name, "1", "--thread-pool-min", "-2", "--thread-pool-max", "0");
        await Same("iothreadset", name, "1", "--thread-pool-max", "0");
        await Same("iothreadset", name, "1", "--poll-grow", "1", "--live", "--config");
        await Same("iothreadset", name, "1", "--thread-pool-max", "4", "--live", "--config");
        await Same("iothreadset", name, "1", "--thread-pool-min", "6", "--live", "--config");
        await Same("iothreadset", name, "1", "--thread-pool-max", "9", "--config");
        await Same("iothreadset", name, "1", "--thread-pool-min", "6", "--live", "--config");
        await Same("iothreadset", name, "1", "--thread-pool-min", "2", "--live", "--config");
        await Same("iothreadset", name, "1", "--poll-max-ns", "0");
        await Same("domstats", name, "--iothread");

        // The shut-off domain: its saved definition only.
        await Same("iothreadset", off, "1", "--poll-max-ns", "5");
        await Same("iothreadset", off, "1", "--thread-pool-min", "1");
        await Same("iothreadset", off, "1", "--thread-pool-min", "0", "--thread-pool-max", "2");
        await Same("iothreadset", off, "1", "--thread-pool-max", "-1");
        await Same("iothreadset", off, "1", "--thread-pool-min", "-1", "--thread-pool-max", "-1");
        await Same("iothreadset", off, "2", "--thread-pool-max", "6", "--current");
        await Same("iothreadset", off, "1", "--poll-grow", "1", "--live");
        await Same("iothreadset", off, "9", "--thread-pool-max", "6");

        // virsh's own checks (the same either way, but vireod must not be reached differently).
        await Same("iothreadset", off, "0", "--poll-grow", "1");
        await Same("iothreadset", off, "abc", "--poll-grow", "1");
        await Same("iothreadset", off, "1");
        await Same("iothreadset", off, "1", "--poll-grow", "-0");
        await Same("iothreadset", off, "1", "--poll-grow", "1", "--current", "--config");

        await libvirtd.VirshSameAsync(libvirtd.ReadOnlyUri, oursReadOnly, "iothreadset", name, "1", "--poll-grow", "1");
        var theirs = await ProbeAsync(libvirtd.Uri, libvirtd.ReadOnlyUri, name, off);
        Assert.Equal(theirs, await ProbeAsync(ours, oursReadOnly, name, off));
        Assert.Contains("ERR 74 0 \"argument unsupported: parameter 'bogus' not supported\"", theirs, StringComparison.Ordinal); // not empty on both
        await Same("domstats", name, "--iothread");

        var wire = await WireAsync(libvirtd.Uri, name);
        Assert.Equal(wire, await WireAsync(ours, name));
        Assert.Equal(
            "InvalidArg Domain params in virDomainSetIOThreadParams must not be NULL\n"
            + "InvalidArg None invalid argument: invalid type 'uint' for parameter 'poll_max_ns', expected 'ullong'\n"
            + "InvalidArg None invalid argument: invalid type 'ullong' for parameter 'thread_pool_max', expected 'int'\n"
            + "InvalidArg None invalid argument: parameter 'poll_grow' occurs multiple times\n", wire);
    }

    /// <summary>The &lt;iothreads&gt; line and the &lt;iothreadids&gt; block of a domain's XML.</summary>
    private static async Task<string> IoThreadXmlAsync(string uri, string name, params string[] flags)
    {
        var xml = await ProcessRunner.OkAsync("virsh", ["-c", uri, "dumpxml", name, .. flags]);
        return IoThreadPart().Match(xml).Value;
    }

    private static async Task<string> ProbeAsync(string uri, string readOnlyUri, string name, string off) =>
        await ProcessRunner.OkAsync("/usr/bin/python3", ["-c", Probe, uri, readOnlyUri, name, off]);

    /// <summary>What only a client of the wire can send: no parameter at all, a parameter of the wrong type.</summary>
    private static async Task<string> WireAsync(string uri, string name)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = await VirConnection.OpenAsync(uri, ct: ct);
        var dom = await conn.LookupDomainAsync(name, ct);
        async Task<string> Refusal(IReadOnlyList<TypedParameter> ps)
        {
            var e = await Assert.ThrowsAsync<VirException>(() => dom.SetIoThreadParamsAsync(1, ps, ct: ct));
            return $"{e.Code} {e.ErrorDomain} {e.Message}\n";
        }
        return await Refusal([])
            + await Refusal([TypedParameter.UInt("poll_max_ns", 5)])
            + await Refusal([TypedParameter.ULLong("thread_pool_max", 5)])
            + await Refusal([TypedParameter.UInt("poll_grow", 1), TypedParameter.UInt("poll_grow", 2)]);
    }

    [GeneratedRegex(@"  <iothreads>.*\n(  <iothreadids>\n(    .*\n)*  </iothreadids>\n)?")]
    private static partial Regex IoThreadPart();
}
