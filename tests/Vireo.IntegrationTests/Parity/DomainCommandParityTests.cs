using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// Debian's virsh runs <see cref="DomainParityMatrix"/> (virsh's domain commands in every state of one guest:
/// no such domain, shut off, running, read-only clients, paused, with a managed save, transient) against a
/// sandboxed libvirtd 9.0 and against vireod, each with the same guest under TCG; exit status, stdout and
/// stderr must be the same after <see cref="ParityNormaliser"/>. With VIREO_PARITY_REPORT=FILE the whole
/// run (every command, both outputs) is written there.
/// </summary>
public sealed class DomainCommandParityTests
{
    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd_in_every_domain_state()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var sides = new[]
        {
            new ParitySide("libvirtd", libvirtd.Uri, libvirtd.ReadOnlyUri, libvirtd.Dir),
            new ParitySide("vireod", served.Uri, await served.ListenReadOnlyAsync(), served.RootPath),
        };
        foreach (var side in sides)
        {
            await File.WriteAllTextAsync(Path.Combine(side.Dir, "parity.xml"), DomainParityMatrix.DomainXml(side.Dir), TestContext.Current.CancellationToken);
            await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", Path.Combine(side.Dir, "parity.qcow2"), "64M");
        }
        var run = new ParityRun(sides[0], sides[1]);
        try
        {
            foreach (var state in DomainParityMatrix.States)
                await run.RunAsync(state);
        }
        finally
        {
            // libvirtd leaves its QEMU running when it stops: the guest goes first.
            await sides[0].VirshAsync(["destroy", DomainParityMatrix.Name]);
            if (Environment.GetEnvironmentVariable("VIREO_PARITY_REPORT") is { Length: > 0 } report)
                await File.WriteAllTextAsync(report, run.Report, TestContext.Current.CancellationToken);
        }
        Assert.True(run.Differences.Count == 0, $"{run.Differences.Count} commands differ:\n\n" + string.Join("\n", run.Differences));
    }
}
