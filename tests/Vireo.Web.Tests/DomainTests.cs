using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>The REST routes on the real server over the in-memory driver: each answer as docs/web.md says, errors word for word.</summary>
public sealed class DomainTests
{
    [Fact]
    public async Task The_list_has_every_domain_of_every_driver_and_can_be_narrowed_to_one()
    {
        await using var rig = await WebRig.StartAsync();
        var all = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/domains", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        var test = Assert.Single(all, d => (string?)d!["name"] == "test")!;
        Assert.Equal("test", (string?)test["driver"]);
        Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f", (string?)test["uuid"]);
        Assert.Equal("running", (string?)test["state"]);
        Assert.Equal(1, (int)test["stateCode"]!);
        Assert.Equal("booted", (string?)test["reason"]);
        Assert.Equal(2, (int)test["vcpus"]!);
        Assert.Equal(8388608UL, (ulong)test["maxMemoryKiB"]!);
        Assert.NotNull(test["id"]);

        var one = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/domains?driver=test", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(all.Count, one.Count);
        var none = await rig.Client.GetAsync("/api/v1/domains?driver=xen", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("""{"error":{"code":5,"codeName":"VIR_ERR_NO_CONNECT","domain":0,"message":"no connection driver available for 'xen': this vireod has no driver of that name (its drivers are test)"}}""",
            await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Define_get_xml_and_undefine_a_domain()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("def");
        var r = await rig.Client.PostAsync("/api/v1/domains/test", new StringContent(WebRig.DomainXml(name), Encoding.UTF8, "application/xml"), TestContext.Current.CancellationToken);
        var defined = await WebRig.JsonAsync(r, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/domains/test/{name}", r.Headers.Location!.OriginalString);
        Assert.Equal(name, (string?)defined["name"]);
        Assert.Null(defined["id"]);
        Assert.Equal("shut off", (string?)defined["state"]);
        Assert.Equal(5, (int)defined["stateCode"]!);
        Assert.True((bool)defined["persistent"]!);
        Assert.Equal(131072UL, (ulong)defined["maxMemoryKiB"]!);

        var got = await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/domains/test/{name}", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(defined.ToJsonString(), got.ToJsonString());

        var xml = await rig.Client.GetAsync($"/api/v1/domains/test/{name}/xml", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml; charset=utf-8", xml.Content.Headers.ContentType!.ToString());
        var uuid = (string)defined["uuid"]!;
        Assert.Equal(rig.Driver.Domains.Xml(Guid.Parse(uuid), Drivers.Contracts.XmlFlags.None), await xml.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var inactive = await rig.Client.GetStringAsync($"/api/v1/domains/test/{name}/xml?inactive=true", TestContext.Current.CancellationToken);
        Assert.Equal(rig.Driver.Domains.Xml(Guid.Parse(uuid), Drivers.Contracts.XmlFlags.Inactive), inactive);

        Assert.Equal(HttpStatusCode.NoContent, (await rig.Client.DeleteAsync($"/api/v1/domains/test/{name}", TestContext.Current.CancellationToken)).StatusCode);
        var gone = await rig.Client.GetAsync($"/api/v1/domains/test/{name}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($$$"""{"error":{"code":42,"codeName":"VIR_ERR_NO_DOMAIN","domain":12,"message":"Domain not found: no domain with matching name '{{{name}}}'"}}""",
            await gone.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_action_calls_the_driver_and_answers_the_domain_after_it()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("act");
        await rig.DefineAsync(name);
        string State(JsonNode d) => $"{d["state"]} ({d["reason"]})";

        var started = await rig.ActAsync(name, "start");
        Assert.Equal("running (booted)", State(started));
        Assert.NotNull(started["id"]);
        Assert.Equal("paused (user)", State(await rig.ActAsync(name, "suspend")));
        Assert.Equal("running (unpaused)", State(await rig.ActAsync(name, "resume")));
        Assert.Equal("running", (string?)(await rig.ActAsync(name, "reboot"))["state"]);
        Assert.Equal("running", (string?)(await rig.ActAsync(name, "reset"))["state"]);
        var destroyed = await rig.ActAsync(name, "destroy");
        Assert.Equal("shut off (destroyed)", State(destroyed));
        Assert.Null(destroyed["id"]);
        await rig.ActAsync(name, "start");
        var shutdown = await rig.ActAsync(name, "shutdown");
        Assert.Equal(rig.Driver.Domains.State(Guid.Parse((string)shutdown["uuid"]!)).StateText, (string?)shutdown["state"]);
    }

    [Fact]
    public async Task Starting_a_running_domain_is_a_conflict_with_libvirts_sentence()
    {
        await using var rig = await WebRig.StartAsync();
        var r = await rig.Client.PostAsync("/api/v1/domains/test/test/start", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal("""{"error":{"code":55,"codeName":"VIR_ERR_OPERATION_INVALID","domain":12,"message":"Requested operation is not valid: domain is already running"}}""",
            await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Unknown_actions_drivers_domains_and_routes_are_refused_with_sentences()
    {
        await using var rig = await WebRig.StartAsync();
        var action = await rig.Client.PostAsync("/api/v1/domains/test/test/explode", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, action.StatusCode);
        Assert.Equal("""{"error":{"code":8,"codeName":"VIR_ERR_INVALID_ARG","domain":0,"message":"invalid argument: 'explode' is not a domain action; the actions are start, shutdown, reboot, reset, destroy, suspend, resume, save, discard-saved"}}""",
            await action.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var driver = await rig.Client.PostAsync("/api/v1/domains/xen/test/start", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, driver.StatusCode);

        var domain = await rig.Client.PostAsync("/api/v1/domains/test/nosuch/start", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, domain.StatusCode);
        Assert.Contains("Domain not found: no domain with matching name 'nosuch'", await domain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var route = await rig.Client.GetAsync("/api/v2/anything", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("""{"error":{"code":3,"codeName":"VIR_ERR_NO_SUPPORT","domain":0,"message":"this function is not supported by the connection driver: GET /api/v2/anything (docs/web.md lists the routes of API version 1)"}}""",
            await route.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Bad_xml_is_a_400_with_the_xml_error()
    {
        await using var rig = await WebRig.StartAsync();
        var r = await rig.Client.PostAsync("/api/v1/domains/test", new StringContent("<domain>", Encoding.UTF8, "application/xml"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var error = (await WebRig.JsonAsync(r, HttpStatusCode.BadRequest))["error"]!;
        Assert.Equal("VIR_ERR_XML_ERROR", (string?)error["codeName"]);
        Assert.StartsWith("XML error: ", (string?)error["message"]);
    }

    [Fact]
    public async Task An_xml_body_over_the_limit_is_refused_before_it_is_read_whole()
    {
        await using var rig = await WebRig.StartAsync(o => o with { MaxXmlBytes = 4096 });
        var r = await rig.Client.PostAsync("/api/v1/domains/test", new StringContent(new string(' ', 5000) + WebRig.DomainXml("big"), Encoding.UTF8, "application/xml"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("""{"error":{"code":8,"codeName":"VIR_ERR_INVALID_ARG","domain":0,"message":"invalid argument: the domain XML is larger than 4 KiB, the most vireod accepts"}}""",
            await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Null(rig.Driver.Registry.FindByName("big"));
    }

    [Fact]
    public async Task Autostart_is_set_and_cleared_with_a_json_body()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("auto");
        await rig.DefineAsync(name);
        var on = await WebRig.JsonAsync(await rig.Client.PutAsJsonAsync($"/api/v1/domains/test/{name}/autostart", new { autostart = true }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.True((bool)on["autostart"]!);
        Assert.True(rig.Driver.Domains.Autostart(Guid.Parse((string)on["uuid"]!)));
        var off = await WebRig.JsonAsync(await rig.Client.PutAsJsonAsync($"/api/v1/domains/test/{name}/autostart", new { autostart = false }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.False((bool)off["autostart"]!);

        foreach (var body in new[] { "{}", "yes", "{\"autostart\": \"maybe\"}" })
        {
            var bad = await rig.Client.PutAsync($"/api/v1/domains/test/{name}/autostart", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("""{"error":{"code":8,"codeName":"VIR_ERR_INVALID_ARG","domain":0,"message":"invalid argument: the body must be JSON like {\"autostart\": true}"}}""",
                await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }
}
