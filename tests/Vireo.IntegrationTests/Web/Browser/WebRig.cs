using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;
using Vireo.Web;
using Vireo.Web.Hosting;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// vireod's drivers served the way vireod serves them: libvirt's protocol on a temp Unix socket (stock virsh
/// reaches it, <see cref="ServedEngine"/>) and the web server (Vireo.Web) on 127.0.0.1 with a free port, its
/// token in a temp file; plus a headless chromium with one page, and an HttpClient that holds the token for
/// asking the REST API directly. The QEMU driver always; the container driver on request (a second engine on
/// its own root, both given to the one web server). Disposing closes the browser, stops the web server and
/// destroys every guest and container the rig started.
/// </summary>
internal sealed class WebRig : IAsyncDisposable
{
    /// <summary>The browser tests run one at a time: each boots a guest, and the machine has few cores.</summary>
    public const string Collection = "Web browser";

    private WebRig(ServedEngine served, ServedEngine? containers, WebServer web, BrowserSession browser, HttpClient http)
    {
        Served = served;
        Containers = containers;
        Web = web;
        Browser = browser;
        Http = http;
    }

    /// <summary>The QEMU driver (virsh: <see cref="ServedEngine.VirshOkAsync"/>).</summary>
    public ServedEngine Served { get; }

    /// <summary>The container driver, when asked for.</summary>
    public ServedEngine? Containers { get; }

    public WebServer Web { get; }
    public BrowserSession Browser { get; }

    /// <summary>The REST API with "Authorization: Bearer TOKEN".</summary>
    public HttpClient Http { get; }

    public string Token => Web.Token.Value;
    public string BaseUrl => Web.BaseUri!.ToString();

    /// <summary>
    /// Starts the rig. With <paramref name="networkNamespace"/>, the network driver makes its bridges in that
    /// namespace (one the test owns), never in the host's.
    /// </summary>
    public static async Task<WebRig> StartAsync(bool withContainers = false, string? networkNamespace = null)
    {
        var browser = await BrowserSession.LaunchAsync(); // first: a missing chromium skips before anything starts
        ServedEngine? served = null, containers = null;
        WebServer? web = null;
        try
        {
            served = networkNamespace is null ? await ServedEngine.StartAsync() : await ServedEngine.StartWithNetworkNamespaceAsync(networkNamespace);
            if (withContainers) containers = await ServedEngine.StartAsync(DriverKind.Lxc);
            IHypervisorDriver[] drivers = containers is null ? [served.Driver] : [served.Driver, containers.Driver];
            var options = new WebOptions(new WebListenAddress.Tcp(new IPEndPoint(IPAddress.Loopback, 0)),
                WebOptions.TokenFileIn(Path.Combine(served.RootPath, "web")));
            web = await WebServer.StartAsync(options, drivers, served.Rpc.Networks, served.Rpc.Storage, served.Logs, CancellationToken.None);
            var http = new HttpClient { BaseAddress = web.BaseUri };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", web.Token.Value);
            return new WebRig(served, containers, web, browser, http);
        }
        catch
        {
            await browser.DisposeAsync();
            if (web is not null) await web.DisposeAsync();
            if (containers is not null) await containers.DisposeAsync();
            if (served is not null) await served.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the page and signs in through its form, as a person pasting the token does.</summary>
    public async Task SignInAsync()
    {
        await Browser.GoToAsync(BaseUrl);
        await Browser.WaitForAsync("#signin-form");
        await Browser.TypeIntoAsync("#signin-token", Token);
        await Browser.Page.ClickAsync("#signin-submit");
        await Browser.WaitForAsync("#main");
    }

    /// <summary>The whole-sentence message of a request the server refuses (asked directly, with the token).</summary>
    public async Task<string> ErrorMessageAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, $"{method} {path} should have failed: {(int)response.StatusCode} {text}");
        var message = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"{method} {path}: no message in {text}");
        return message!;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Http.Dispose();
        await Web.DisposeAsync();
        if (Containers is not null) await Containers.DisposeAsync();
        await Served.DisposeAsync();
    }
}

[CollectionDefinition(WebRig.Collection)]
public sealed class WebBrowserCollection;
