using System.Net;
using System.Net.Http.Json;
using Vireo.Drivers.Contracts;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>The event stream's network, pool and metadata frames, on the real server over the real drivers.</summary>
public sealed class SharedEventTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Skips frames until one of this kind about this object arrives (other frames may come first).</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> NextAsync(SseReader events, string kind, string member, string name, string type)
    {
        while (true)
        {
            var (e, data) = await events.NextAsync();
            if (e == kind && (string?)data[member]!["name"] == name && (string?)data["type"] == type) return data;
        }
    }

    [Fact]
    public async Task Network_lifecycle_events_arrive_with_the_network_after_each()
    {
        await using var rig = await WebRig.StartAsync();
        // Narrowed to one domain driver: network frames still arrive, networks belong to every driver.
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events?driver=test");
        var name = WebRig.UniqueName("evn");
        var n = await rig.Networks.DefineAsync(WebRig.NetworkXml(name, "vwe0"), Ct);
        Assert.False((bool)(await NextAsync(events, "network", "network", name, "defined"))["network"]!["active"]!);
        await rig.Client.PostAsync($"/api/v1/networks/{name}/start", null, Ct);
        var started = await NextAsync(events, "network", "network", name, "started");
        Assert.Equal(("active", "vwe0"), ((string?)started["network"]!["state"], (string?)started["network"]!["bridge"]));
        await rig.Networks.DestroyAsync(n, Ct); // outside the web server: the stream still tells
        Assert.Equal("inactive", (string?)(await NextAsync(events, "network", "network", name, "stopped"))["network"]!["state"]);
        await rig.Networks.UndefineAsync(n, Ct);
        var undefined = await NextAsync(events, "network", "network", name, "undefined");
        Assert.Equal(n.Uuid.ToString(), (string?)undefined["network"]!["uuid"]);
        Assert.Equal("vwe0", (string?)undefined["network"]!["bridge"]); // the last one known, not a bare name
    }

    [Fact]
    public async Task Pool_lifecycle_and_refresh_events_arrive_with_the_pool_after_each()
    {
        await using var rig = await WebRig.StartAsync();
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        var name = WebRig.UniqueName("evp");
        await rig.DefinePoolAsync(name);
        Assert.Equal("inactive", (string?)(await NextAsync(events, "pool", "pool", name, "defined"))["pool"]!["state"]);
        await rig.Client.PostAsync($"/api/v1/pools/{name}/start", null, Ct);
        var started = await NextAsync(events, "pool", "pool", name, "started");
        Assert.Equal("running", (string?)started["pool"]!["state"]);
        Assert.True((ulong)started["pool"]!["capacity"]! > 0);
        await rig.Client.PostAsync($"/api/v1/pools/{name}/refresh", null, Ct);
        Assert.Equal("running", (string?)(await NextAsync(events, "pool", "pool", name, "refreshed"))["pool"]!["state"]);
        await rig.Client.PostAsync($"/api/v1/pools/{name}/destroy", null, Ct);
        Assert.Equal("inactive", (string?)(await NextAsync(events, "pool", "pool", name, "stopped"))["pool"]!["state"]);
    }

    [Fact]
    public async Task A_title_change_arrives_as_a_metadata_event_and_the_domain_object_carries_the_title()
    {
        await using var rig = await WebRig.StartAsync();
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        var name = WebRig.UniqueName("md");
        var defined = await rig.DefineAsync(name);
        Assert.Null((string?)defined["title"]);
        var uuid = Guid.Parse((string)defined["uuid"]!);
        await rig.Driver.Feature<IDomainMetadata>()!.SetMetadataAsync(uuid, MetadataType.Title, "Build box", null, null, ModifyFlags.Current, Ct);
        while (true)
        {
            var (e, data) = await events.NextAsync();
            if (e != "metadata") continue;
            Assert.Equal(("title", name, "Build box"), ((string?)data["type"], (string?)data["domain"]!["name"], (string?)data["domain"]!["title"]));
            break;
        }
        var got = await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/domains/test/{name}", Ct), HttpStatusCode.OK);
        Assert.Equal("Build box", (string?)got["title"]);
    }

    [Fact]
    public async Task Save_and_discard_saved_on_a_driver_without_save_are_libvirts_not_supported()
    {
        await using var rig = await WebRig.StartAsync();
        var (status, error, body) = await rig.FailsAsync(HttpMethod.Post, "/api/v1/domains/test/test/save");
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Equal("""{"error":{"code":3,"codeName":"VIR_ERR_NO_SUPPORT","domain":20,"message":"this function is not supported by the connection driver: virDomainManagedSave"}}""",
            body);
        (status, error, _) = await rig.FailsAsync(HttpMethod.Post, "/api/v1/domains/test/test/discard-saved");
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Equal("this function is not supported by the connection driver: virDomainManagedSaveRemove", (string?)error["message"]);
        var still = await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/domains/test/test", Ct), HttpStatusCode.OK);
        Assert.Equal(("running", false), ((string?)still["state"], (bool)still["hasManagedSave"]!));
    }
}
