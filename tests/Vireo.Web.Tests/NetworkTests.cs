using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>
/// The network routes on the real server over the real network driver (bridges kept in a set): each answer as
/// docs/web.md says, every refusal with libvirt's code and sentence.
/// </summary>
public sealed class NetworkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Define_list_start_autostart_stop_and_undefine_a_network()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("net");
        var r = await rig.Client.PostAsync("/api/v1/networks", new StringContent(WebRig.NetworkXml(name, "vwb0"), Encoding.UTF8, "application/xml"), Ct);
        var defined = await WebRig.JsonAsync(r, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/networks/{name}", r.Headers.Location!.OriginalString);
        Assert.Equal($$"""{"name":"{{name}}","uuid":"{{rig.Networks.LookupByName(name).Uuid}}","state":"inactive","active":false,"persistent":true,"autostart":false,"bridge":"vwb0"}""",
            defined.ToJsonString());

        var list = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/networks", Ct), HttpStatusCode.OK);
        Assert.Equal(defined.ToJsonString(), Assert.Single(list)!.ToJsonString());

        var started = await WebRig.JsonAsync(await rig.Client.PostAsync($"/api/v1/networks/{name}/start", null, Ct), HttpStatusCode.OK);
        Assert.Equal(("active", true), ((string?)started["state"], (bool)started["active"]!));
        Assert.True(rig.Bridges.Has("vwb0"), "start made the bridge through the driver");
        Assert.True(rig.Networks.Info(rig.Networks.LookupByName(name)).Active);

        var auto = await WebRig.JsonAsync(await rig.Client.PutAsJsonAsync($"/api/v1/networks/{name}/autostart", new { autostart = true }, Ct), HttpStatusCode.OK);
        Assert.True((bool)auto["autostart"]!);
        Assert.True(rig.Networks.Info(rig.Networks.LookupByName(name)).Autostart);
        var got = await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/networks/{name}", Ct), HttpStatusCode.OK);
        Assert.Equal(auto.ToJsonString(), got.ToJsonString());

        var xml = await rig.Client.GetAsync($"/api/v1/networks/{name}/xml", Ct);
        Assert.Equal("application/xml; charset=utf-8", xml.Content.Headers.ContentType!.ToString());
        Assert.Equal(rig.Networks.Xml(rig.Networks.LookupByName(name), false), await xml.Content.ReadAsStringAsync(Ct));
        Assert.Equal(rig.Networks.Xml(rig.Networks.LookupByName(name), true), await rig.Client.GetStringAsync($"/api/v1/networks/{name}/xml?inactive=true", Ct));

        var stopped = await WebRig.JsonAsync(await rig.Client.PostAsync($"/api/v1/networks/{name}/destroy", null, Ct), HttpStatusCode.OK);
        Assert.Equal(("inactive", false), ((string?)stopped["state"], (bool)stopped["active"]!));
        Assert.False(rig.Bridges.Has("vwb0"));

        Assert.Equal(HttpStatusCode.NoContent, (await rig.Client.DeleteAsync($"/api/v1/networks/{name}", Ct)).StatusCode);
        Assert.Empty(rig.Networks.ListNetworks(Drivers.Networks.NetworkListFlags.None));
    }

    [Fact]
    public async Task Unknown_networks_are_a_404_with_libvirts_sentence_on_every_route()
    {
        await using var rig = await WebRig.StartAsync();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/v1/networks/nosuch"), (HttpMethod.Get, "/api/v1/networks/nosuch/xml"),
            (HttpMethod.Post, "/api/v1/networks/nosuch/start"), (HttpMethod.Post, "/api/v1/networks/nosuch/destroy"),
            (HttpMethod.Delete, "/api/v1/networks/nosuch"),
        })
        {
            var (status, _, body) = await rig.FailsAsync(method, path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("""{"error":{"code":43,"codeName":"VIR_ERR_NO_NETWORK","domain":19,"message":"Network not found: no network with matching name 'nosuch'"}}""",
                body);
        }
        var (autoStatus, autoError, _) = await rig.FailsAsync(HttpMethod.Put, "/api/v1/networks/nosuch/autostart", "{\"autostart\": true}");
        Assert.Equal(HttpStatusCode.NotFound, autoStatus);
        Assert.Equal("Network not found: no network with matching name 'nosuch'", (string?)autoError["message"]);
    }

    [Fact]
    public async Task Starting_an_active_network_stopping_an_inactive_one_and_bad_input_are_refused_with_sentences()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("nx");
        await rig.Networks.DefineAsync(WebRig.NetworkXml(name, "vwb1"), Ct);

        var (status, error, _) = await rig.FailsAsync(HttpMethod.Post, $"/api/v1/networks/{name}/destroy");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Requested operation is not valid: network '{name}' is not active", (string?)error["message"]);

        await rig.Client.PostAsync($"/api/v1/networks/{name}/start", null, Ct);
        (status, error, _) = await rig.FailsAsync(HttpMethod.Post, $"/api/v1/networks/{name}/start");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Requested operation is not valid: network is already active", (string?)error["message"]);

        (status, error, _) = await rig.FailsAsync(HttpMethod.Post, $"/api/v1/networks/{name}/explode");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid argument: 'explode' is not a network action; the actions are start, destroy", (string?)error["message"]);

        (status, error, _) = await rig.FailsAsync(HttpMethod.Put, $"/api/v1/networks/{name}/autostart", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid argument: the body must be JSON like {\"autostart\": true}", (string?)error["message"]);

        var bad = await rig.Client.PostAsync("/api/v1/networks", new StringContent("<network>", Encoding.UTF8, "application/xml"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var xmlError = (await WebRig.JsonAsync(bad, HttpStatusCode.BadRequest))["error"]!;
        Assert.Equal("VIR_ERR_XML_DETAIL", (string?)xmlError["codeName"]);
        Assert.StartsWith("(network_definition):1: ", (string?)xmlError["message"]); // libxml2's report, as libvirt words it
        Assert.Single(rig.Networks.ListNetworks(Drivers.Networks.NetworkListFlags.None)); // nothing half-defined
    }

    [Fact]
    public async Task Without_the_token_the_network_and_pool_routes_answer_401()
    {
        await using var rig = await WebRig.StartAsync();
        foreach (var path in new[] { "/api/v1/networks", "/api/v1/pools", "/api/v1/pools/x/volumes" })
        {
            var r = await rig.Anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("VIR_ERR_AUTH_FAILED", (string?)(await WebRig.JsonAsync(r, HttpStatusCode.Unauthorized))["error"]!["codeName"]);
        }
        var post = await rig.Anonymous.PostAsync("/api/v1/networks/x/start", null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }
}
