using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>The pool and volume routes on the real server over the real storage driver, pools on temp directories.</summary>
public sealed class PoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pool_is_listed_started_its_volumes_read_refreshed_and_stopped()
    {
        await using var rig = await WebRig.StartAsync();
        var name = WebRig.UniqueName("pool");
        var dir = await rig.DefinePoolAsync(name);

        var list = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/pools", Ct), HttpStatusCode.OK);
        var listed = Assert.Single(list)!;
        Assert.Equal($$"""{"name":"{{name}}","uuid":"{{rig.Pools.LookupPoolByName(name).Uuid}}","state":"inactive","stateCode":0,"persistent":true,"autostart":false,"capacity":0,"allocation":0,"available":0}""",
            listed.ToJsonString());

        var started = await WebRig.JsonAsync(await rig.Client.PostAsync($"/api/v1/pools/{name}/start", null, Ct), HttpStatusCode.OK);
        Assert.Equal("running", (string?)started["state"]);
        var info = rig.Pools.PoolInfo(rig.Pools.LookupPoolByName(name));
        // The file system's size is fixed; its free space moves with every other writer on the host, so it is only checked to be there.
        Assert.Equal(info.Sizes.Capacity, (ulong)started["capacity"]!);
        Assert.True(info.Sizes.Capacity > 0);
        Assert.InRange((ulong)started["available"]!, 1UL, info.Sizes.Capacity);

        var pool = rig.Pools.LookupPoolByName(name);
        var one = await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/pools/{name}", Ct), HttpStatusCode.OK);
        Assert.Equal((name, "running", true), ((string?)one["name"], (string?)one["state"], (bool)one["persistent"]!));
        await rig.Pools.CreateVolumeAsync(pool, "<volume><name>a.qcow2</name><capacity unit='MiB'>64</capacity><target><format type='qcow2'/></target></volume>",
            Drivers.Storage.StorageVolCreateFlags.None, Ct);
        var volumes = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/pools/{name}/volumes", Ct), HttpStatusCode.OK);
        var a = Assert.Single(volumes)!;
        Assert.Equal(("a.qcow2", Path.Combine(dir, "a.qcow2"), "file", "qcow2", 67108864UL),
            ((string?)a["name"], (string?)a["path"], (string?)a["type"], (string?)a["format"], (ulong)a["capacity"]!));
        Assert.True((ulong)a["allocation"]! > 0);

        // A file copied in beside the pool's back is a volume only after a refresh, as with libvirt.
        File.WriteAllBytes(Path.Combine(dir, "b.img"), new byte[4096]);
        Assert.Single((JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/pools/{name}/volumes", Ct), HttpStatusCode.OK));
        await WebRig.JsonAsync(await rig.Client.PostAsync($"/api/v1/pools/{name}/refresh", null, Ct), HttpStatusCode.OK);
        volumes = (JsonArray)await WebRig.JsonAsync(await rig.Client.GetAsync($"/api/v1/pools/{name}/volumes", Ct), HttpStatusCode.OK);
        Assert.Equal(["a.qcow2", "b.img"], volumes.Select(v => (string)v!["name"]!));
        Assert.Equal(("raw", 4096UL), ((string?)volumes[1]!["format"], (ulong)volumes[1]!["capacity"]!));

        var auto = await WebRig.JsonAsync(await rig.Client.PutAsJsonAsync($"/api/v1/pools/{name}/autostart", new { autostart = true }, Ct), HttpStatusCode.OK);
        Assert.True((bool)auto["autostart"]!);
        Assert.True(rig.Pools.PoolInfo(pool).Autostart);
        // Both XMLs carry the filesystem's sizes (as libvirt's do), which move between two reads while other
        // processes write to the disk: everything else must be the same.
        Assert.Equal(WithoutSizes(rig.Pools.PoolXml(pool, true)), WithoutSizes(await rig.Client.GetStringAsync($"/api/v1/pools/{name}/xml?inactive=true", Ct)));
        Assert.Contains($"<path>{dir}</path>", await rig.Client.GetStringAsync($"/api/v1/pools/{name}/xml", Ct));

        var stopped = await WebRig.JsonAsync(await rig.Client.PostAsync($"/api/v1/pools/{name}/destroy", null, Ct), HttpStatusCode.OK);
        Assert.Equal("inactive", (string?)stopped["state"]);
        Assert.True(File.Exists(Path.Combine(dir, "a.qcow2")), "stopping a pool keeps its volumes");
    }

    /// <summary>The pool XML with its capacity, allocation and available numbers blanked (each must be there).</summary>
    private static string WithoutSizes(string xml)
    {
        foreach (var element in new[] { "capacity", "allocation", "available" })
            Assert.Matches($@"<{element} unit='bytes'>\d+</{element}>", xml);
        return System.Text.RegularExpressions.Regex.Replace(xml, @"<(capacity|allocation|available) unit='bytes'>\d+</\1>", "<$1 unit='bytes'>N</$1>");
    }

    [Fact]
    public async Task Unknown_pools_and_inactive_pools_are_refused_with_libvirts_sentences()
    {
        await using var rig = await WebRig.StartAsync();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/v1/pools/nosuch"), (HttpMethod.Get, "/api/v1/pools/nosuch/xml"), (HttpMethod.Get, "/api/v1/pools/nosuch/volumes"),
            (HttpMethod.Post, "/api/v1/pools/nosuch/start"), (HttpMethod.Post, "/api/v1/pools/nosuch/refresh"),
            (HttpMethod.Post, "/api/v1/pools/nosuch/destroy"),
        })
        {
            var (status, _, body) = await rig.FailsAsync(method, path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("""{"error":{"code":49,"codeName":"VIR_ERR_NO_STORAGE_POOL","domain":18,"message":"Storage pool not found: no storage pool with matching name 'nosuch'"}}""",
                body);
        }

        var (autoStatus, autoError, _) = await rig.FailsAsync(HttpMethod.Put, "/api/v1/pools/nosuch/autostart", "{\"autostart\": true}");
        Assert.Equal(HttpStatusCode.NotFound, autoStatus);
        Assert.Equal("Storage pool not found: no storage pool with matching name 'nosuch'", (string?)autoError["message"]);

        var name = WebRig.UniqueName("off");
        await rig.DefinePoolAsync(name);
        var (s1, e1, _) = await rig.FailsAsync(HttpMethod.Get, $"/api/v1/pools/{name}/volumes");
        Assert.Equal(HttpStatusCode.Conflict, s1);
        Assert.Equal($"Requested operation is not valid: storage pool '{name}' is not active", (string?)e1["message"]);
        var (s2, e2, _) = await rig.FailsAsync(HttpMethod.Post, $"/api/v1/pools/{name}/refresh");
        Assert.Equal(HttpStatusCode.Conflict, s2);
        Assert.Equal($"Requested operation is not valid: storage pool '{name}' is not active", (string?)e2["message"]);
        var (s3, e3, _) = await rig.FailsAsync(HttpMethod.Post, $"/api/v1/pools/{name}/build");
        Assert.Equal(HttpStatusCode.BadRequest, s3);
        Assert.Equal("invalid argument: 'build' is not a pool action; the actions are start, destroy, refresh", (string?)e3["message"]);
    }

    [Fact]
    public async Task A_server_without_network_and_storage_drivers_answers_their_routes_not_supported()
    {
        await using var rig = await WebRig.StartAsync(sharedDrivers: false);
        var (status, _, body) = await rig.FailsAsync(HttpMethod.Get, "/api/v1/pools");
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Equal("""{"error":{"code":3,"codeName":"VIR_ERR_NO_SUPPORT","domain":18,"message":"this function is not supported by the connection driver: this vireod serves no storage pools (it runs only the in-memory test driver)"}}""", body);
        var (netStatus, netError, _) = await rig.FailsAsync(HttpMethod.Post, "/api/v1/networks/x/start");
        Assert.Equal(HttpStatusCode.NotImplemented, netStatus);
        Assert.Equal("this function is not supported by the connection driver: this vireod serves no virtual networks (it runs only the in-memory test driver)",
            (string?)netError["message"]);
        // The domains are served as before.
        Assert.Equal(HttpStatusCode.OK, (await rig.Client.GetAsync("/api/v1/domains", Ct)).StatusCode);
    }
}
