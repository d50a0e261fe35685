using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Drivers.Test;
using Vireo.Web.Hosting;

namespace Vireo.Web.Tests.Support;

/// <summary>
/// The real web server (Kestrel on 127.0.0.1, a free port) over the in-memory test driver, the real network
/// driver (bridges kept in a set: no bridge is made anywhere) and the real storage driver (pools on temp
/// directories), with its token file in a private temp directory. Clients never follow redirects or keep cookies on their own, so tests see
/// exactly what the server answers.
/// </summary>
internal sealed class WebRig : IAsyncDisposable
{
    private WebRig(string dir, TestDriver driver, NetworkDriver networks, InMemoryNetworkHost bridges, StorageDriver pools, WebServer server)
    {
        Dir = dir;
        Driver = driver;
        Networks = networks;
        Bridges = bridges;
        Pools = pools;
        Server = server;
        Anonymous = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };
        Client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token.Value);
    }

    public string Dir { get; }
    public TestDriver Driver { get; }

    /// <summary>The real network driver over files in the rig's directory; its bridges are only a set (<see cref="Bridges"/>).</summary>
    public NetworkDriver Networks { get; }
    public InMemoryNetworkHost Bridges { get; }

    /// <summary>The real storage driver: pools on directories under the rig's directory.</summary>
    public StorageDriver Pools { get; }
    public WebServer Server { get; }
    public Uri BaseUri => Server.BaseUri!;

    /// <summary>Sends the token as a bearer header.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no token.</summary>
    public HttpClient Anonymous { get; }

    public string TokenFile => Path.Combine(Dir, "web-token");

    /// <summary>Starts the rig; without <paramref name="sharedDrivers"/> the server gets no network or storage driver.</summary>
    public static async Task<WebRig> StartAsync(Func<WebOptions, WebOptions>? edit = null, bool sharedDrivers = true)
    {
        var dir = Directory.CreateTempSubdirectory("vireo-web-").FullName;
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(CancellationToken.None);
        var bridges = new InMemoryNetworkHost();
        var networks = new NetworkDriver(new NetworkStore(Path.Combine(dir, "networks"), Path.Combine(dir, "run", "networks")), bridges, NullLogger.Instance);
        await networks.StartAsync(CancellationToken.None);
        var pools = new StorageDriver(new StoragePoolStore(Path.Combine(dir, "state"), Path.Combine(dir, "run")), new LocalStorageHost(), NullLogger.Instance);
        await pools.StartAsync(CancellationToken.None);
        var options = new WebOptions(WebListenAddress.Parse("127.0.0.1:0"), WebOptions.TokenFileIn(dir));
        if (edit is not null) options = edit(options);
        var server = sharedDrivers
            ? await WebServer.StartAsync(options, [driver], networks, pools, NullLoggerFactory.Instance, CancellationToken.None)
            : await WebServer.StartAsync(options, [driver], NullLoggerFactory.Instance, CancellationToken.None);
        return new WebRig(dir, driver, networks, bridges, pools, server);
    }

    /// <summary>A unique domain name for one test.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static string DomainXml(string name) =>
        $"<domain type='qemu'><name>{name}</name><memory unit='KiB'>131072</memory><vcpu>1</vcpu>" +
        "<os><type arch='x86_64'>hvm</type></os></domain>";

    public async Task<JsonNode> DefineAsync(string name)
    {
        var r = await Client.PostAsync("/api/v1/domains/test", new StringContent(DomainXml(name), Encoding.UTF8, "application/xml"));
        return await JsonAsync(r, HttpStatusCode.Created);
    }

    /// <summary>An isolated network's XML (its bridge lands only in <see cref="Bridges"/>).</summary>
    public static string NetworkXml(string name, string bridge) =>
        $"<network><name>{name}</name><bridge name='{bridge}'/><ip address='10.81.0.1' prefix='24'/></network>";

    /// <summary>Defines (not starts) a directory pool on a fresh directory under the rig's; returns that directory.</summary>
    public async Task<string> DefinePoolAsync(string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(Dir, "pools", name)).FullName;
        await Pools.DefinePoolAsync($"<pool type='dir'><name>{name}</name><target><path>{path}</path></target></pool>", CancellationToken.None);
        return path;
    }

    /// <summary>A request that must fail: the status, the body's error object, and the body as sent.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Error, string Body)> FailsAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var r = await Client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        Assert.False(r.IsSuccessStatusCode, $"{method} {path} should have failed: {text}");
        return (r.StatusCode, JsonNode.Parse(text)!["error"]!, text);
    }

    public async Task<JsonNode> ActAsync(string name, string action)
    {
        var r = await Client.PostAsync($"/api/v1/domains/test/{name}/{action}", null);
        return await JsonAsync(r, HttpStatusCode.OK);
    }

    /// <summary>The body as JSON, after checking the status (the body is in the failure message).</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} instead of {(int)expected}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        await Driver.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}
