using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Web.Api;
using Vireo.Web.Assets;
using Vireo.Web.Auth;
using Vireo.Web.Console;
using Vireo.Web.Events;
using Vireo.Web.Hosting;

namespace Vireo.Web;

/// <summary>
/// vireod's web server: a slim Kestrel application with the REST API, the event stream, the console WebSocket
/// and the page, over the given drivers. Stopping ends every event stream and console first, so shutdown never
/// waits on a browser.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EventHub _hub;
    private readonly SharedDriverEvents _shared;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private WebServer(WebApplication app, EventHub hub, SharedDriverEvents shared, CancellationTokenSource stopping, WebToken token, IReadOnlyList<string> addresses)
    {
        _app = app;
        _hub = hub;
        _shared = shared;
        _stopping = stopping;
        Token = token;
        Addresses = addresses;
    }

    public WebToken Token { get; }

    /// <summary>Where it listens, as bound ("http://127.0.0.1:41234", "http://unix:/run/vireo/web.sock").</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The first TCP address as a base URI (tests; port 0 resolved).</summary>
    public Uri? BaseUri => Addresses.Where(a => !a.Contains("unix:", StringComparison.Ordinal)).Select(a => new Uri(a)).FirstOrDefault();

    /// <summary>
    /// Starts serving. Drivers are named in URLs by their first URI scheme ("qemu", "lxc"). The token is read
    /// from, or created in, options.TokenFile.
    /// </summary>
    public static Task<WebServer> StartAsync(WebOptions options, IEnumerable<IHypervisorDriver> drivers, ILoggerFactory loggers, CancellationToken ct) =>
        StartAsync(options, drivers, networks: null, pools: null, loggers, ct);

    /// <summary>
    /// Starts serving, with the shared network and storage drivers of the instance (each null when it runs none:
    /// their routes then answer "not supported").
    /// </summary>
    public static async Task<WebServer> StartAsync(WebOptions options, IEnumerable<IHypervisorDriver> drivers, INetworks? networks, IStoragePools? pools,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var named = drivers.Select(d => (d.UriSchemes[0], d)).ToList();
        if (named.Count == 0) throw new InvalidOperationException("The web server needs at least one driver.");
        var log = loggers.CreateLogger("Vireo.Web");
        var token = await WebToken.LoadOrCreateAsync(options.TokenFile, ct).ConfigureAwait(false);
        if (options.Listen is WebListenAddress.Unix unix) UnixSocketFile.RemoveStale(unix.Path);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        // A Unix socket is made root-only between bind and listen, so no one can connect while it has the umask's mode.
        builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = RootOnlyUnixSocket.CreateBoundListenSocket);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            switch (options.Listen)
            {
                case WebListenAddress.Tcp tcp: k.Listen(tcp.EndPoint); break;
                case WebListenAddress.Unix u: k.ListenUnixSocket(u.Path); break;
            }
        });
        var app = builder.Build();

        var stopping = new CancellationTokenSource();
        var views = new DomainViews();
        var hub = new EventHub(named, views, log);
        var api = new ApiContext(named, views, options, stopping.Token)
        {
            NetworkViews = networks is null ? null : new NetworkViews(networks),
            PoolViews = pools is null ? null : new PoolViews(pools),
        };
        var shared = new SharedDriverEvents(api.NetworkViews, api.PoolViews, hub, log);

        app.Use(async (ctx, next) =>
        {
            try
            {
                await next(ctx).ConfigureAwait(false);
            }
            catch (VirException e) when (!ctx.Response.HasStarted)
            {
                await ApiContext.WriteErrorAsync(ctx, e).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
            {
                // Kestrel's own refusals (a malformed request, a body beyond its limits) get our body too.
                await ApiContext.WriteErrorAsync(ctx, new VirException(VirErrorCode.InvalidArg, VirErrorDomain.None,
                    $"the request cannot be read: {e.Message}"), e.StatusCode).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
            {
                // A bug, not the caller's fault: logged whole, answered as libvirt's internal error.
                log.LogError(e, "{Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
                await ApiContext.WriteErrorAsync(ctx, VirErrors.Internal($"{ctx.Request.Method} {ctx.Request.Path} failed: {e.Message}", VirErrorDomain.None))
                    .ConfigureAwait(false);
            }
        });
        TokenAuth.Use(app, token);
        StaticAssets.FromAssembly(typeof(WebServer).Assembly).Use(app);
        app.UseWebSockets();
        app.UseRouting();
        TokenAuth.MapSession(app, token, options.MaxJsonBytes);
        DomainEndpoints.Map(app, api);
        NetworkEndpoints.Map(app, api);
        PoolEndpoints.Map(app, api);
        EventStreamEndpoint.Map(app, api, hub);
        ConsoleEndpoint.Map(app, api, log);
        app.Map("/api/{**rest}", ctx => ApiContext.WriteErrorAsync(ctx,
            WebErrors.UnknownRoute(ctx.Request.Method, ctx.Request.Path.Value ?? ""), StatusCodes.Status404NotFound));

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await shared.DisposeAsync().ConfigureAwait(false);
            await hub.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        log.LogInformation("The web console listens on {Addresses} (token in {TokenFile})", string.Join(", ", addresses), options.TokenFile);
        return new WebServer(app, hub, shared, stopping, token, addresses);
    }

    /// <summary>Ends the event streams and consoles, then stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _shared.DisposeAsync().ConfigureAwait(false);
        await _hub.DisposeAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
