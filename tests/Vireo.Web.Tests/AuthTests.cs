using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Vireo.Web.Tests.Support;

namespace Vireo.Web.Tests;

/// <summary>The token on the real server: bearer header, cookie, the /?token= sign-in, the session routes, the console's origin check.</summary>
public sealed class AuthTests
{
    private const string Unauthorized =
        """{"error":{"code":45,"codeName":"VIR_ERR_AUTH_FAILED","domain":0,"message":"authentication failed: this API needs vireod's web token; """ +
        """send it as 'Authorization: Bearer TOKEN' or open /?token=TOKEN once in a browser (root can read the token in the file web-token """ +
        """in vireod's state directory, /var/lib/vireo/web-token by default)"}}""";

    [Fact]
    public async Task Every_api_route_refuses_a_request_without_the_token_with_a_sentence_saying_how_to_get_it()
    {
        await using var rig = await WebRig.StartAsync();
        foreach (var path in new[] { "/api/v1/host", "/api/v1/domains", "/api/v1/domains/test/test", "/api/v1/events", "/api/v1/nothing-here" })
        {
            var r = await rig.Anonymous.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/json; charset=utf-8", r.Content.Headers.ContentType!.ToString());
            Assert.Equal(Unauthorized, await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        var post = await rig.Anonymous.PostAsync("/api/v1/domains/test/test/destroy", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("running", rig.Driver.Domains.State(rig.Driver.Domains.LookupByName("test").Uuid).StateText);
    }

    [Fact]
    public async Task A_wrong_bearer_token_is_refused_and_the_right_one_is_accepted()
    {
        await using var rig = await WebRig.StartAsync();
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/host");
        wrong.Headers.Authorization = new("Bearer", rig.Server.Token.Value + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await rig.Anonymous.SendAsync(wrong, TestContext.Current.CancellationToken)).StatusCode);

        var host = await WebRig.JsonAsync(await rig.Client.GetAsync("/api/v1/host", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(Environment.MachineName, (string?)host["hostname"], ignoreCase: true);
        Assert.Equal("test", (string?)host["drivers"]![0]!["name"]);
        Assert.Equal("TEST", (string?)host["drivers"]![0]!["hypervisorType"]);
        Assert.Equal("test:///default", (string?)host["drivers"]![0]!["uri"]);
        Assert.True((int)host["node"]!["cpus"]! > 0);
    }

    [Fact]
    public async Task The_token_is_the_one_in_the_state_dirs_token_file()
    {
        await using var rig = await WebRig.StartAsync();
        Assert.Equal(rig.Server.Token.Value + "\n", await File.ReadAllTextAsync(rig.TokenFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Opening_the_page_with_the_token_sets_the_cookie_and_redirects_to_the_page_without_it()
    {
        await using var rig = await WebRig.StartAsync();
        var r = await rig.Anonymous.GetAsync("/?token=" + rig.Server.Token.Value, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/", r.Headers.Location!.OriginalString);
        var cookie = Assert.Single(r.Headers.GetValues("Set-Cookie"));
        Assert.Equal($"vireo_token={rig.Server.Token.Value}; path=/; samesite=strict; httponly", cookie);

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/v1/domains");
        withCookie.Headers.Add("Cookie", $"vireo_token={rig.Server.Token.Value}");
        Assert.Equal(HttpStatusCode.OK, (await rig.Anonymous.SendAsync(withCookie, TestContext.Current.CancellationToken)).StatusCode);

        var bad = await rig.Anonymous.GetAsync("/?token=nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.False(bad.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_sign_in_form_posts_the_token_for_a_cookie_and_sign_out_clears_it()
    {
        await using var rig = await WebRig.StartAsync();
        var wrong = await rig.Anonymous.PostAsJsonAsync("/api/v1/session", new { token = "nope" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(Unauthorized, await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var right = await rig.Anonymous.PostAsJsonAsync("/api/v1/session", new { token = rig.Server.Token.Value }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Equal($"vireo_token={rig.Server.Token.Value}; path=/; samesite=strict; httponly", Assert.Single(right.Headers.GetValues("Set-Cookie")));

        var garbage = await rig.Anonymous.PostAsync("/api/v1/session", new StringContent("token=x"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal("""{"error":{"code":8,"codeName":"VIR_ERR_INVALID_ARG","domain":0,"message":"invalid argument: the body must be JSON like {\"token\": \"...\"}"}}""",
            await garbage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var signOut = await rig.Anonymous.DeleteAsync("/api/v1/session", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        var cleared = Assert.Single(signOut.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("vireo_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=strict; httponly", cleared);
    }

    [Fact]
    public async Task The_page_needs_no_token_and_is_never_cached_stale()
    {
        await using var rig = await WebRig.StartAsync();
        var page = await rig.Anonymous.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", page.Headers.CacheControl!.ToString());
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        var index = await rig.Anonymous.GetAsync("/index.html", TestContext.Current.CancellationToken);
        Assert.Equal(await page.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), await index.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, (await rig.Anonymous.GetAsync("/no-such-file.js", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Every_file_under_wwwroot_is_served_by_name_from_the_assembly()
    {
        await using var rig = await WebRig.StartAsync();
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Vireo.Web/wwwroot"));
        Assert.SkipUnless(Directory.Exists(root), $"the source tree is not next to the tests ({root})");
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var url = "/" + Path.GetRelativePath(root, file).Replace('\\', '/');
            var r = await rig.Anonymous.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode}");
            Assert.Equal(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), await r.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_console_socket_from_another_origin_is_refused_even_with_the_cookie()
    {
        await using var rig = await WebRig.StartAsync();
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        ws.Options.SetRequestHeader("Cookie", $"vireo_token={rig.Server.Token.Value}");
        ws.Options.SetRequestHeader("Origin", "http://evil.example");
        var uri = new Uri(rig.BaseUri, "/api/v1/domains/test/test/console");
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(new UriBuilder(uri) { Scheme = "ws" }.Uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
    }
}
