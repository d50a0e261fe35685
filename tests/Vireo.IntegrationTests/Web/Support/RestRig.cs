using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Web;
using Vireo.Web.Hosting;

namespace Vireo.IntegrationTests.Web.Support;

/// <summary>
/// vireod's web server (Vireo.Web) on 127.0.0.1 with a free port over a served engine's driver (the engine
/// also serves libvirt's protocol, so stock virsh drives the same guests), and an HttpClient holding the token.
/// Disposing stops the web server only; the engine is the caller's.
/// </summary>
internal sealed class RestRig : IAsyncDisposable
{
    private RestRig(WebServer server, string driver)
    {
        Server = server;
        Driver = driver;
        Http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token.Value);
    }

    public WebServer Server { get; }

    /// <summary>The driver's name in URLs ("qemu", "lxc").</summary>
    public string Driver { get; }

    public HttpClient Http { get; }

    public static async Task<RestRig> StartAsync(ServedEngine served)
    {
        var options = new WebOptions(new WebListenAddress.Tcp(new IPEndPoint(IPAddress.Loopback, 0)),
            WebOptions.TokenFileIn(Path.Combine(served.RootPath, "web")));
        var server = await WebServer.StartAsync(options, [served.Driver], served.Rpc.Networks, served.Rpc.Storage, served.Logs, CancellationToken.None);
        return new RestRig(server, served.Driver.UriSchemes[0]);
    }

    public string DomainPath(string name) => $"/api/v1/domains/{Driver}/{Uri.EscapeDataString(name)}";

    public async Task<JsonNode> DefineAsync(string xml) =>
        await JsonAsync(await Http.PostAsync($"/api/v1/domains/{Driver}", new StringContent(xml, Encoding.UTF8, "application/xml")), HttpStatusCode.Created);

    public async Task<JsonNode> ActAsync(string name, string action) =>
        await JsonAsync(await Http.PostAsync($"{DomainPath(name)}/{action}", null), HttpStatusCode.OK);

    public async Task<JsonNode> GetAsync(string path) => await JsonAsync(await Http.GetAsync(path), HttpStatusCode.OK);

    public Task<SseStream> EventsAsync() => SseStream.OpenAsync(Http, "/api/v1/events");

    public Task<WebConsole> ConsoleAsync(string name) => WebConsole.OpenAsync(Server, $"{DomainPath(name)}/console");

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} instead of {(int)expected}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
