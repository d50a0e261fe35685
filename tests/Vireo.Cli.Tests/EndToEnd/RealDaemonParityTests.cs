using System.Xml.Linq;
using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// Issue #2's command list run by Debian's virsh and by vireo (`-c qemu+unix:///system?socket=PATH`) against the
/// same real daemon with the demo guest under TCG: first virsh runs the whole script, then vireo runs it again on
/// the same daemon; every step's stdout, stderr and exit status must be equal. virsh is the oracle.
/// </summary>
public sealed class RealDaemonParityTests
{
    private static void RequireVirsh() => MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");

    private static readonly string[] HostCommands = ["version", "version --daemon", "hostname", "uri", "nodeinfo", "capabilities"];

    private static async Task AssertHostCommandsMatchAsync(string uri)
    {
        foreach (var command in HostCommands)
        {
            var virsh = await Run.VirshAsync(uri, command.Split(' '));
            var vireo = await Run.VireoAsync(["-c", uri, .. command.Split(' ')]);
            Assert.True(virsh.ExitCode == 0, $"virsh {command}: {virsh}");
            Assert.True(virsh.ToString() == vireo.ToString(), $"`{command}`\n=== virsh:\n{virsh}\n=== vireo:\n{vireo}");
        }
        Assert.Equal("capabilities", XDocument.Parse((await Run.VireoAsync("-c", uri, "capabilities")).Stdout).Root!.Name.LocalName);
    }

    private static async Task AssertScriptMatchesAsync(string uri, string dir)
    {
        var name = DemoKit.UniqueName("par");
        var (file, bad) = LifecycleParity.WriteFiles(dir, name);
        var virsh = CliClient.Virsh(uri);
        var expected = await LifecycleParity.RunAsync(virsh, virsh, name, file, bad);
        var actual = await LifecycleParity.RunAsync(CliClient.Vireo(uri), virsh, name, file, bad);
        var differences = LifecycleParity.Differences(expected, actual, "virsh", "vireo");
        Assert.True(differences.Length == 0, differences);
    }

    [Fact]
    public async Task Vireo_prints_what_virsh_prints_against_a_real_libvirtd()
    {
        RequireVirsh();
        var missing = SandboxedLibvirtd.Missing();
        MachineSetUp.RequireNothingMissing(missing);
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await AssertHostCommandsMatchAsync(libvirtd.Uri);
        await AssertScriptMatchesAsync(libvirtd.Uri, libvirtd.Dir);
    }

    [Fact]
    public async Task Vireo_prints_what_virsh_prints_against_vireod()
    {
        RequireVirsh();
        var root = DemoKit.TempRoot("vp");
        await using var vireod = await Vireod.StartAsync(root);
        try
        {
            await AssertHostCommandsMatchAsync(vireod.Uri);
            await AssertScriptMatchesAsync(vireod.Uri, root);
            Assert.Equal(0, await vireod.StopAsync());
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }
}
