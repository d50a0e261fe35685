using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Session;

namespace Vireo.Snmp.Hosting;

/// <summary>
/// Runs the AgentX subagent inside vireod: the guest table source (snapshot + notifications) and the
/// session with the master, both until the host stops. A missing or restarting snmpd only delays
/// registration; it never stops the daemon.
/// </summary>
public sealed class SnmpSubagentService : BackgroundService
{
    private readonly SnmpOptions _options;
    private readonly ILogger _log;

    public SnmpSubagentService(SnmpOptions options, IEnumerable<IHypervisorDriver> drivers, ILogger<SnmpSubagentService> log)
    {
        _options = options;
        _log = log;
        Source = new GuestTableSource(drivers, options.RefreshInterval, log);
        Subagent = new AgentXSubagent(options, Source, log);
    }

    public GuestTableSource Source { get; }
    public AgentXSubagent Subagent { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _log.LogInformation("SNMP AgentX subagent starting for {Endpoint} (SET {SetMode}).",
            _options.Endpoint, _options.AllowSet ? "enabled" : "disabled");
        await Task.WhenAll(Source.RunAsync(stoppingToken), Subagent.RunAsync(stoppingToken)).ConfigureAwait(false);
    }
}

public static class SnmpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SNMP AgentX subagent, serving the domains of every registered IHypervisorDriver.
    /// vireod: <c>if (SnmpOptions.FromConfiguration(config) is { } snmp) services.AddVireoSnmp(snmp);</c>
    /// </summary>
    public static IServiceCollection AddVireoSnmp(this IServiceCollection services, SnmpOptions options)
    {
        services.AddSingleton(options);
        services.AddHostedService<SnmpSubagentService>();
        return services;
    }
}
