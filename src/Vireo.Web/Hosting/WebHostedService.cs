using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;

namespace Vireo.Web.Hosting;

/// <summary>
/// Runs the web server inside vireod. Registered after the daemon's own service, so it starts once the drivers
/// have started (the driver list is read then: a driver that could not start is no longer on it).
/// The shared network and storage drivers are served when the host registers them (INetworks, IStoragePools).
/// </summary>
public sealed class WebHostedService(WebOptions options, IEnumerable<IHypervisorDriver> drivers, IServiceProvider services, ILoggerFactory loggers) : IHostedService
{
    public WebServer? Server { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken) =>
        Server = await WebServer.StartAsync(options, drivers.ToList(), services.GetService<INetworks>(), services.GetService<IStoragePools>(),
            loggers, cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Server is { } server) await server.DisposeAsync().ConfigureAwait(false);
    }
}

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Adds the web console, serving every registered IHypervisorDriver.
    /// vireod: <c>if (WebOptions.FromConfiguration(config, stateDir) is { } web) services.AddVireoWeb(web);</c>
    /// </summary>
    public static IServiceCollection AddVireoWeb(this IServiceCollection services, WebOptions options)
    {
        services.AddSingleton(options);
        services.AddHostedService<WebHostedService>();
        return services;
    }
}
