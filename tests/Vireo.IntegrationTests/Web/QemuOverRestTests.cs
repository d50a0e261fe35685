using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Support;
using Vireo.IntegrationTests.Web.Support;

namespace Vireo.IntegrationTests.Web;

/// <summary>
/// The REST API, event stream and console WebSocket on the real QEMU driver (the demo guest under TCG), served
/// beside libvirt's protocol as vireod serves them: what the web does, virsh sees, and the other way round.
/// </summary>
public sealed class QemuOverRestTests
{
    private static readonly TimeSpan Boot = ConsoleReader.BootTimeout;
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_guest_defined_and_started_over_rest_boots_on_the_web_console_and_destroy_closes_it()
    {
        await using var served = await ServedEngine.StartAsync();
        await using var rest = await RestRig.StartAsync(served);
        await using var events = await rest.EventsAsync();
        var name = DemoKit.UniqueName("wq");

        var defined = await rest.DefineAsync(DemoKit.DomainXml(name));
        Assert.Equal(("qemu", name, "shut off"), ((string?)defined["driver"], (string?)defined["name"], (string?)defined["state"]));
        Assert.Contains(name + "\n", await served.VirshOkAsync("list", "--all", "--name"));

        var started = await rest.ActAsync(name, "start");
        Assert.Equal(("running", "booted"), ((string?)started["state"], (string?)started["reason"]));
        var id = (int)started["id"]!;
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), (await served.VirshOkAsync("domid", name)).Trim());

        var onStream = await events.LifecycleAsync(name, "started");
        Assert.Equal("booted", (string?)onStream["detail"]);
        Assert.Equal("running", (string?)onStream["domain"]!["state"]);
        Assert.Equal(id, (int)onStream["domain"]!["id"]!);

        await using (var console = await rest.ConsoleAsync(name))
        {
            // From power-on: the kernel's first lines come from the history, then the ready marker and the prompt.
            await console.WaitForAsync("Linux version", Boot);
            await console.WaitForAsync(DemoKit.Marker, Boot);
            await console.WaitForAsync(DemoKit.Prompt, Boot);
            var since = console.Length;
            await console.TypeAsync("echo over-web-$((40+2))\r");
            await console.WaitForAsync("over-web-42", Quick, since);

            var destroyed = await rest.ActAsync(name, "destroy");
            Assert.Equal(("shut off", "destroyed"), ((string?)destroyed["state"], (string?)destroyed["reason"]));
            await console.ClosedAsync(Quick);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, console.CloseStatus);
            Assert.Equal($"The console of domain '{name}' ended because the domain stopped.", console.CloseReason);
        }

        var stopped = await events.LifecycleAsync(name, "stopped");
        Assert.Equal("destroyed", (string?)stopped["detail"]);
        Assert.Equal("shut off", (string?)stopped["domain"]!["state"]);
        Assert.Null(stopped["domain"]!["id"]);
        Assert.Equal("shut off (destroyed)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
    }

    [Fact]
    public async Task A_guest_started_with_virsh_appears_in_the_rest_list_and_on_the_stream()
    {
        await using var served = await ServedEngine.StartAsync();
        await using var rest = await RestRig.StartAsync(served);
        await using var events = await rest.EventsAsync();
        var name = DemoKit.UniqueName("wv");

        await served.VirshDefineAsync(name);
        Assert.Equal("shut off", (string?)(await events.LifecycleAsync(name, "defined"))["domain"]!["state"]);
        await served.VirshOkAsync("start", name);
        var started = await events.LifecycleAsync(name, "started");
        var id = int.Parse((await served.VirshOkAsync("domid", name)).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(id, (int)started["domain"]!["id"]!);

        var list = (JsonArray)await rest.GetAsync("/api/v1/domains?driver=qemu");
        var row = Assert.Single(list, d => (string?)d!["name"] == name)!;
        Assert.Equal(("running", id), ((string?)row["state"], (int)row["id"]!));
        Assert.Equal((string?)row["uuid"], (await served.VirshOkAsync("domuuid", name)).Trim());
        Assert.Equal(262144UL, (ulong)row["maxMemoryKiB"]!); // demo.xml's memory, as virsh dominfo shows it

        // The web refuses what libvirt refuses, with libvirt's sentence.
        var again = await rest.Http.PostAsync(rest.DomainPath(name) + "/start", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Requested operation is not valid: domain is already running",
            (string?)JsonNode.Parse(await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!["message"]);

        await served.VirshOkAsync("destroy", name);
        Assert.Equal("destroyed", (string?)(await events.LifecycleAsync(name, "stopped"))["detail"]);
        await served.VirshOkAsync("undefine", name);
        var undefined = await events.LifecycleAsync(name, "undefined");
        Assert.Equal((string?)row["uuid"], (string?)undefined["domain"]!["uuid"]);
        Assert.Equal(HttpStatusCode.NotFound, (await rest.Http.GetAsync(rest.DomainPath(name), TestContext.Current.CancellationToken)).StatusCode);
    }
}
