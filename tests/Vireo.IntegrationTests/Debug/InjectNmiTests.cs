using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Debug;

/// <summary>virsh inject-nmi and vireo inject-nmi against vireod, read back from the guest kernel's log.</summary>
public sealed class InjectNmiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheGuestKernelLogsTheNmiFromVirshAndFromVireo()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.StartGuestAsync("nmi");
        await using var console = await rig.ReadyConsoleAsync(name);

        int from = console.Length;
        var virsh = await rig.VirshAsync("inject-nmi", name);
        Assert.True(virsh.ExitCode == 0, virsh.ToString());
        Assert.Equal("\n", virsh.Stdout); // virsh prints only its blank line
        await console.WaitForAsync("Uhhuh. NMI received for unknown reason", from, Wait);

        from = console.Length;
        var vireo = await rig.VireoAsync("inject-nmi", name);
        Assert.True(vireo.ExitCode == 0, vireo.ToString());
        Assert.Equal(virsh.Stdout, vireo.Stdout);
        await console.WaitForAsync("Uhhuh. NMI received for unknown reason", from, Wait);
        // The guest took it in its stride: it still answers at its prompt.
        Assert.Contains("alive", await console.RunAsync("echo alive"));
    }

    [Theory]
    [InlineData("inject-nmi")]
    [InlineData("send-key", "KEY_LEFTALT", "KEY_SYSRQ", "KEY_H")]
    public async Task ADefinedButStoppedDomainIsRefusedAsLibvirtDoes(params string[] command)
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.DefineGuestAsync("debug-off");
        string[] args = [command[0], name, .. command[1..]];
        foreach (var run in new[] { await rig.VirshAsync(args), await rig.VireoAsync(args) })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("error: Requested operation is not valid: domain is not running", run.Stderr.Trim());
        }
    }
}
