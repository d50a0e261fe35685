using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Parity;

/// <summary>
/// What every parity test does: a sandboxed libvirtd 9.0 and a vireod, each given the same files under its own
/// directory (the domain XML files named there, parity.qcow2), then the states run on both and no command may
/// differ. With VIREO_PARITY_REPORT=FILE the whole run (every command, both outputs) is written there.
/// </summary>
internal static class ParityComparison
{
    /// <param name="files">The files each side gets, by name, from the side's directory.</param>
    public static async Task RunAsync(IReadOnlyList<ParityState> states, Func<string, IReadOnlyDictionary<string, string>> files)
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
            foreach (var (name, text) in files(side.Dir))
                await File.WriteAllTextAsync(Path.Combine(side.Dir, name), text, TestContext.Current.CancellationToken);
            await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", Path.Combine(side.Dir, "parity.qcow2"), "64M");
        }
        var run = new ParityRun(sides[0], sides[1]);
        try
        {
            foreach (var state in states)
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
