using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.IoThreads;

/// <summary>
/// domstats --iothread against a sandboxed libvirtd 9.0 and vireod, each running the demo TCG guest with two
/// IOThreads under the same name: the same lines (iothread.count, each thread's poll-max-ns, poll-grow and
/// poll-shrink as QEMU reports them), and nothing for a guest without IOThreads.
/// </summary>
public sealed class IoThreadStatsParityTests
{
    [Fact]
    public async Task Domstats_iothread_prints_what_libvirtd_prints()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        static string WithIoThreads(string xml) => xml.Replace("</vcpu>", "</vcpu><iothreads>2</iothreads>", StringComparison.Ordinal);
        var name = DemoKit.UniqueName("iopar");
        var plain = DemoKit.UniqueName("iopl");
        foreach (var (n, edit) in new[] { (name, (Func<string, string>)WithIoThreads), (plain, x => x) })
        {
            var xmlFile = Path.Combine(libvirtd.Dir, n + ".xml");
            await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(n, edit), TestContext.Current.CancellationToken);
            await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", xmlFile]);
            await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "start", n]);
            await served.DefineAndStartAsync(n, edit);
        }

        await libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, "domstats", name, "--iothread");
        await libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, "domstats", plain, "--iothread");
        await libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, "domstats", name, "--iothread", "--state");
        Assert.Contains("iothread.2.poll-max-ns=32768", await served.VirshOkAsync("domstats", name, "--iothread"), StringComparison.Ordinal); // not empty on both
    }
}
