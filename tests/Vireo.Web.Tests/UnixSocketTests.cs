using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Test;
using Vireo.Web.Hosting;

namespace Vireo.Web.Tests;

/// <summary>Listen = unix:PATH: the API over a Unix socket of mode 0600 (for ssh -L), a stale socket file replaced.</summary>
public sealed class UnixSocketTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-websock-").FullName;

    [Fact]
    public async Task The_api_answers_on_a_root_only_unix_socket_and_a_stale_socket_file_is_replaced()
    {
        var path = Path.Combine(_dir, "web.sock");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            stale.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: what a killed vireod leaves
        var driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await driver.StartAsync(TestContext.Current.CancellationToken);
        var options = new WebOptions(WebListenAddress.Parse("unix:" + path), WebOptions.TokenFileIn(_dir));
        await using var server = await WebServer.StartAsync(options, [driver], NullLoggerFactory.Instance, TestContext.Current.CancellationToken);

        Assert.Null(server.BaseUri);
        Assert.Equal([$"http://unix:{path}"], server.Addresses);
#pragma warning disable CA1416 // Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
#pragma warning restore CA1416

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/domains", TestContext.Current.CancellationToken)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token.Value);
        var list = await http.GetStringAsync("/api/v1/domains", TestContext.Current.CancellationToken);
        Assert.Contains("\"name\":\"test\"", list);
    }

    [Fact]
    public void The_socket_file_is_root_only_before_it_listens()
    {
        var path = Path.Combine(_dir, "early.sock");
        using var bound = RootOnlyUnixSocket.CreateBoundListenSocket(new UnixDomainSocketEndPoint(path));
#pragma warning disable CA1416 // Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
#pragma warning restore CA1416
        // Bound, not yet listening (Kestrel calls listen): nobody can connect while the mode is being set.
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var refused = Assert.Throws<SocketException>(() => client.Connect(new UnixDomainSocketEndPoint(path)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
