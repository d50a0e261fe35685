using System.Net;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>GET /api/v1/events on the real server: frames for every change, with the domain as it is after it.</summary>
public sealed class EventStreamTests
{
    [Fact]
    public async Task Define_start_destroy_and_undefine_each_arrive_with_the_domain_object()
    {
        await using var rig = await WebRig.StartAsync();
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        Assert.Equal(HttpStatusCode.OK, events.Response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", events.Response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", events.Response.Headers.CacheControl!.ToString());

        var name = WebRig.UniqueName("ev");
        await rig.DefineAsync(name);
        var defined = await events.NextLifecycleAsync(name, "defined");
        Assert.Equal("added", (string?)defined["detail"]);
        Assert.Equal("shut off", (string?)defined["domain"]!["state"]);

        await rig.ActAsync(name, "start");
        var started = await events.NextLifecycleAsync(name, "started");
        Assert.Equal("booted", (string?)started["detail"]);
        Assert.Equal("test", (string?)started["domain"]!["driver"]);
        Assert.Equal("running", (string?)started["domain"]!["state"]);
        Assert.NotNull(started["domain"]!["id"]);

        await rig.ActAsync(name, "destroy");
        var stopped = await events.NextLifecycleAsync(name, "stopped");
        Assert.Equal("destroyed", (string?)stopped["detail"]);
        Assert.Equal("shut off", (string?)stopped["domain"]!["state"]);
        Assert.Equal("destroyed", (string?)stopped["domain"]!["reason"]);

        var uuid = (string?)stopped["domain"]!["uuid"];
        Assert.Equal(HttpStatusCode.NoContent, (await rig.Client.DeleteAsync($"/api/v1/domains/test/{name}", TestContext.Current.CancellationToken)).StatusCode);
        var undefined = await events.NextLifecycleAsync(name, "undefined");
        Assert.Equal("removed", (string?)undefined["detail"]);
        Assert.Equal(uuid, (string?)undefined["domain"]!["uuid"]);
        Assert.Equal(131072UL, (ulong)undefined["domain"]!["maxMemoryKiB"]!); // the last one known, not a bare name
    }

    [Fact]
    public async Task A_reboot_arrives_as_its_own_event()
    {
        await using var rig = await WebRig.StartAsync();
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        var name = WebRig.UniqueName("rb");
        await rig.DefineAsync(name);
        await rig.ActAsync(name, "start");
        await rig.ActAsync(name, "reboot");
        while (true)
        {
            var (e, data) = await events.NextAsync();
            if (e != "reboot") continue;
            Assert.Equal(name, (string?)data["domain"]!["name"]);
            Assert.Equal("running", (string?)data["domain"]!["state"]);
            break;
        }
    }

    [Fact]
    public async Task A_stream_for_one_driver_refuses_an_unknown_driver()
    {
        await using var rig = await WebRig.StartAsync();
        var r = await rig.Client.GetAsync("/api/v1/events?driver=xen", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("no connection driver available for 'xen'", await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await using var only = await SseReader.OpenAsync(rig.Client, "/api/v1/events?driver=test");
        var name = WebRig.UniqueName("one");
        await rig.DefineAsync(name);
        Assert.Equal(name, (string?)(await only.NextLifecycleAsync(name, "defined"))["domain"]!["name"]);
    }

    [Fact]
    public async Task An_idle_stream_gets_keepalive_comments()
    {
        await using var rig = await WebRig.StartAsync(o => o with { KeepaliveInterval = TimeSpan.FromMilliseconds(50) });
        await using var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        await events.WaitForCommentAsync();
        await events.WaitForCommentAsync();
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_streams_instead_of_waiting_for_them()
    {
        var rig = await WebRig.StartAsync();
        var events = await SseReader.OpenAsync(rig.Client, "/api/v1/events");
        try
        {
            await rig.Server.DisposeAsync();
            await Assert.ThrowsAnyAsync<Exception>(events.NextAsync); // end of stream, or the connection closed under it
        }
        finally
        {
            await events.DisposeAsync();
            await rig.DisposeAsync();
        }
    }
}
