using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

public sealed class VirshSmokeTests
{
    [Fact]
    public async Task Virsh_hostname_and_list_work_against_our_server()
    {
        Assert.SkipUnless(Cli.Exists("virsh"), "virsh (libvirt-clients) is not installed");
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        var host = await Cli.Virsh(s.Uri, "hostname");
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Equal(Environment.MachineName, host.Stdout.Trim());
        var list = await Cli.Virsh(s.Uri, "list", "--all");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(" 1    test   running", list.Stdout);
    }
}
