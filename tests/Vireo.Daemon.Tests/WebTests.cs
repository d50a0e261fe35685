using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Daemon.Tests;

/// <summary>vireod --web: the built daemon serves the REST API and the page with the token it keeps in its state directory.</summary>
public sealed class WebTests
{
    private static readonly Regex Listening = new(@"The web console listens on (http://127\.0\.0\.1:\d+)");

    [Fact]
    public async Task Vireod_with_web_serves_the_api_to_the_token_in_its_state_dir_only_and_keeps_the_token_across_restarts()
    {
        var root = DemoKit.TempRoot("vw");
        try
        {
            string token;
            await using (var vireod = InteractiveProcess.Start(Vireod.Program, Vireod.Args(root, "--web", "127.0.0.1:0")))
            {
                var address = new Uri((await vireod.WaitForAsync(Listening, TimeSpan.FromSeconds(90))).Groups[1].Value);
                var tokenFile = Path.Combine(root, "lib", "web-token");
#pragma warning disable CA1416 // Linux only
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
#pragma warning restore CA1416
                token = File.ReadAllText(tokenFile).Trim();

                using var http = new HttpClient { BaseAddress = address };
                var refused = await http.GetAsync("/api/v1/host", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                Assert.Contains("authentication failed: this API needs vireod's web token",
                    (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!["message"]);

                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/host");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var host = await http.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, host.StatusCode);
                var drivers = JsonNode.Parse(await host.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["drivers"]!.AsArray();
                Assert.Contains("qemu", drivers.Select(d => (string?)d!["name"]));

                // The page comes out of the daemon's own assembly: nothing to install beside it.
                var page = await http.GetAsync("/", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());

                // An open event stream neither keeps vireod from stopping nor is left hanging: it ends.
                using var streamRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
                streamRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var stream = await http.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                Assert.Equal("text/event-stream; charset=utf-8", stream.Content.Headers.ContentType!.ToString());
                var body = await stream.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);

                Vireod.Signal(vireod.Pid, "TERM");
                Assert.Equal(0, await vireod.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                try
                {
                    Assert.Equal(0, await body.ReadAsync(new byte[256], TestContext.Current.CancellationToken));
                }
                catch (HttpIOException)
                {
                    // the connection closed under the read: ended too
                }
            }

            await using (var again = InteractiveProcess.Start(Vireod.Program, Vireod.Args(root, "--web", "127.0.0.1:0")))
            {
                await again.WaitForAsync(Listening, TimeSpan.FromSeconds(90));
                Assert.Equal(token, File.ReadAllText(Path.Combine(root, "lib", "web-token")).Trim());
                Vireod.Signal(again.Pid, "TERM");
                Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_web_address_stops_vireod_with_one_sentence()
    {
        var root = DemoKit.TempRoot("vw");
        try
        {
            var r = await Run.ProgramAsync(Vireod.Program, Vireod.Args(root, "--web", "localhost:8007"));
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("vireod: error: The web listen address 'localhost:8007' is not valid: the host must be an IP address " +
                "(a bracketed one for IPv6), not a name (use HOST:PORT such as 127.0.0.1:8007, or unix:PATH).\n", r.Stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_help_and_the_config_file_name_the_web_setting()
    {
        Assert.Contains("--web VALUE", DaemonCommandLine.HelpText());
        Assert.Contains("[Web:Listen]", DaemonCommandLine.HelpText());
        var cli = DaemonCommandLine.Parse(["--config", "/dev/null", "--web", "unix:/run/vireo/web.sock"]);
        Assert.Equal("unix:/run/vireo/web.sock", DaemonConfiguration.Load(cli)["Web:Listen"]);
    }
}
