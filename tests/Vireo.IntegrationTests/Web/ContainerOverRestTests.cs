using System.Net.WebSockets;
using Vireo.Hosting;
using Vireo.IntegrationTests.Containers.Support;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Web.Support;

namespace Vireo.IntegrationTests.Web;

/// <summary>A real container (the container driver and its helper) defined, started, watched and destroyed over REST.</summary>
public sealed class ContainerOverRestTests(ContainerRootfs rootfs) : IClassFixture<ContainerRootfs>
{
    [Fact]
    public async Task A_container_is_started_over_rest_prints_on_its_web_console_and_is_destroyed()
    {
        BusyboxRootfs.Require(rootfs.Error);
        await using var served = await ServedEngine.StartAsync(DriverKind.Lxc);
        await using var rest = await RestRig.StartAsync(served);
        await using var events = await rest.EventsAsync();
        var name = ContainerRig.NewName("wc");
        var root = Path.Combine(served.RootPath, "roots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(root)!);
        var copy = await ProcessRunner.RunAsync("cp", ["-a", rootfs.Rootfs, root]);
        Assert.True(copy.ExitCode == 0, copy.ToString());

        var xml = ContainerRig.Xml(name, root, "while true; do echo web-container-up; read line && echo \"got:$line\"; done");
        var defined = await rest.DefineAsync(xml);
        Assert.Equal(("lxc", "shut off"), ((string?)defined["driver"], (string?)defined["state"]));

        var started = await rest.ActAsync(name, "start");
        Assert.Equal("running", (string?)started["state"]);
        Assert.Equal("running", (await served.VirshOkAsync("domstate", name)).Trim());
        Assert.Equal("booted", (string?)(await events.LifecycleAsync(name, "started"))["detail"]);

        await using (var console = await rest.ConsoleAsync(name))
        {
            await console.WaitForAsync("web-container-up", TimeSpan.FromSeconds(60));
            var since = console.Length;
            await console.TypeAsync("hello\n");
            await console.WaitForAsync("got:hello", TimeSpan.FromSeconds(60), since);

            var destroyed = await rest.ActAsync(name, "destroy");
            Assert.Equal(("shut off", "destroyed"), ((string?)destroyed["state"], (string?)destroyed["reason"]));
            await console.ClosedAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, console.CloseStatus);
            Assert.Equal($"The console of domain '{name}' ended because the domain stopped.", console.CloseReason);
        }
        Assert.Equal("destroyed", (string?)(await events.LifecycleAsync(name, "stopped"))["detail"]);
        Assert.Equal("shut off", (await served.VirshOkAsync("domstate", name)).Trim());
    }
}
