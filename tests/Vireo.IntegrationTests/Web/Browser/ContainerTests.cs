using Vireo.IntegrationTests.Containers.Support;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// A real container (the busybox root under the lxc driver) in the page's Containers table: listed as
/// "shut off", started and destroyed with the page's buttons, the row following each change.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class ContainerTests(ContainerRootfs rootfs) : IClassFixture<ContainerRootfs>
{
    [Fact]
    public async Task A_container_is_listed_started_and_destroyed_from_the_page()
    {
        BusyboxRootfs.Require(rootfs.Error);
        await using var rig = await WebRig.StartAsync(withContainers: true);
        var lxc = rig.Containers!;
        var name = ContainerRig.NewName("wct");
        var root = Path.Combine(lxc.RootPath, "roots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(root)!);
        var copy = await Vireo.IntegrationTests.Support.ProcessRunner.RunAsync("cp", ["-a", rootfs.Rootfs, root]);
        Assert.True(copy.ExitCode == 0, $"copying the root filesystem: {copy}");
        await lxc.VirshOkAsync("define", lxc.WriteFile($"{name}.xml",
            ContainerRig.Xml(name, root, "echo up > /tmp/marker; while :; do sleep 1; done")));

        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForAsync($"#lxc-table {BrowserSession.Row("lxc", name, "shut off")}");

        await browser.ClickActionAsync("lxc", name, "start");
        await browser.WaitForAsync(BrowserSession.Row("lxc", name, "running"));
        await ContainerRig.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp", "marker")), "the container's init to start");
        Assert.Equal("running\n\n", await lxc.VirshOkAsync("domstate", name));

        await browser.ClickActionAsync("lxc", name, "destroy");
        await browser.WaitForAsync(BrowserSession.Row("lxc", name, "shut off"));
        Assert.Equal("shut off\n\n", await lxc.VirshOkAsync("domstate", name));
        Assert.Empty(browser.ScriptErrors);
    }
}
