using System.Net;
using System.Text.Json;
using Vireo.Hosting;
using Vireo.IntegrationTests.Containers.Support;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Web.Support;

namespace Vireo.IntegrationTests.Web;

/// <summary>
/// Managed save over REST: a real TCG guest saved (stopped/saved on the stream, hasManagedSave), restored by
/// start (started/restored), the image discarded; a container refuses with libvirt's "not supported".
/// </summary>
public sealed class SaveOverRestTests(ContainerRootfs rootfs) : IClassFixture<ContainerRootfs>
{
    [Fact]
    public async Task A_guest_is_saved_restored_and_its_image_discarded_over_rest_with_the_events_the_page_needs()
    {
        await using var served = await ServedEngine.StartAsync();
        await using var rest = await RestRig.StartAsync(served);
        await using var events = await rest.EventsAsync();
        var name = await served.StartGuestAsync("rsav");

        var saved = await rest.ActAsync(name, "save");
        Assert.Equal(("shut off", "saved", true), ((string?)saved["state"], (string?)saved["reason"], (bool)saved["hasManagedSave"]!));
        var stopped = await events.LifecycleAsync(name, "stopped");
        Assert.Equal("saved", (string?)stopped["detail"]);
        Assert.True((bool)stopped["domain"]!["hasManagedSave"]!);
        Assert.Contains("Managed save:   yes", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        var listed = await rest.GetAsync("/api/v1/domains?driver=qemu");
        Assert.True((bool)listed.AsArray().Single(d => (string?)d!["name"] == name)!["hasManagedSave"]!);

        var restored = await rest.ActAsync(name, "start");
        Assert.Equal(("running", "restored", false), ((string?)restored["state"], (string?)restored["reason"], (bool)restored["hasManagedSave"]!));
        Assert.Equal("restored", (string?)(await events.LifecycleAsync(name, "started"))["detail"]);

        await rest.ActAsync(name, "save");
        var discarded = await rest.ActAsync(name, "discard-saved");
        Assert.Equal(("shut off", false), ((string?)discarded["state"], (bool)discarded["hasManagedSave"]!));
        Assert.Contains("Managed save:   no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);

        // Saving a guest that is not running is libvirt's "not valid" (409), with its sentence.
        using var again = await rest.Http.PostAsync($"{rest.DomainPath(name)}/save", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var error = JsonDocument.Parse(await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");
        Assert.Equal("VIR_ERR_OPERATION_INVALID", error.GetProperty("codeName").GetString());
        Assert.Equal("Requested operation is not valid: domain is not running", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Saving_a_container_is_libvirts_not_supported()
    {
        BusyboxRootfs.Require(rootfs.Error);
        await using var served = await ServedEngine.StartAsync(DriverKind.Lxc);
        await using var rest = await RestRig.StartAsync(served);
        var name = ContainerRig.NewName("wsc");
        var root = Path.Combine(served.RootPath, "roots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(root)!);
        var copy = await ProcessRunner.RunAsync("cp", ["-a", rootfs.Rootfs, root]);
        Assert.True(copy.ExitCode == 0, copy.ToString());
        await rest.DefineAsync(ContainerRig.Xml(name, root, "while true; do sleep 1; done"));
        await rest.ActAsync(name, "start");

        using var r = await rest.Http.PostAsync($"{rest.DomainPath(name)}/save", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotImplemented, r.StatusCode);
        Assert.Equal("""{"error":{"code":3,"codeName":"VIR_ERR_NO_SUPPORT","domain":20,"message":"this function is not supported by the connection driver: virDomainManagedSave"}}""",
            await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // virsh says the same of the same container, and it is still running.
        Assert.Contains("this function is not supported by the connection driver: virDomainManagedSave",
            await served.VirshFailsAsync("managedsave", name), StringComparison.Ordinal);
        Assert.Equal("running", (await served.VirshOkAsync("domstate", name)).Trim());
        await rest.ActAsync(name, "destroy");
    }
}
