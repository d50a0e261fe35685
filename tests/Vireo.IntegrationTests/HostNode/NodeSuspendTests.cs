using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// nodesuspend is refused, never carried out: vireod answers every target as libvirtd 9.0 answers on this
/// host (whose capabilities list no suspend target), and python-libvirt sees libvirt's codes.
/// </summary>
public sealed class NodeSuspendTests
{
    [Fact]
    public async Task Nodesuspend_is_refused_for_every_target_with_libvirtd_words()
    {
        await using var served = await ServedEngine.StartAsync();
        foreach (var (target, name) in new[] { ("mem", "Suspend-to-RAM"), ("disk", "Suspend-to-Disk"), ("hybrid", "Hybrid-Suspend") })
        {
            var expected = $"error: The host was not suspended\nerror: argument unsupported: {name}";
            Assert.Equal(expected, (await served.VirshFailsAsync("nodesuspend", target, "60")).Trim());
            var fromVireo = await served.VireoAsync("nodesuspend", target, "60");
            Assert.Equal((1, expected), (fromVireo.ExitCode, fromVireo.Stderr.Trim()));
        }
        Assert.Equal("error: Invalid target", (await served.VirshFailsAsync("nodesuspend", "sleep", "60")).Trim());
        Assert.Equal("error: Invalid target", (await served.VireoAsync("nodesuspend", "sleep", "60")).Stderr.Trim());

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            c = libvirt.open('{{served.Uri}}')
            for args in ((0, 60, 0), (7, 60, 0), (0, 60, 1)):
                try:
                    c.suspendForDuration(*args)
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """]);
        Assert.Equal((0, "74 0 argument unsupported: Suspend-to-RAM\n8 0 invalid argument: Invalid suspend target\n8 0 unsupported flags (0x1) in function virNodeSuspend"),
            (python.ExitCode, python.Stdout.Trim()));
    }
}
