using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vireo.Daemon;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.Snmp.Hosting;
using Vireo.Web.Hosting;

var cli = DaemonCommandLine.Parse(args);
if (cli.ShowHelp)
{
    Console.Out.Write(DaemonCommandLine.HelpText());
    return 0;
}
if (cli.Problem is not null)
{
    Console.Error.WriteLine($"vireod: {cli.Problem} (see vireod --help)");
    return 2;
}

IConfiguration config;
DaemonSettings settings;
try
{
    config = DaemonConfiguration.Load(cli);
    settings = DaemonSettings.From(config);
}
catch (Exception e) when (e is FormatException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"vireod: error: {e.Message}");
    return 1;
}

if (!settings.Foreground && !SystemdService.IsMainProcess())
    return await Daemonizer.StartInBackgroundAsync(args, settings);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddConfiguration(config);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
    o.UseUtcTimestamp = true;
});
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Services.AddVireodSystemd(); // Type=notify readiness and journal-friendly log lines when systemd runs us
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(sp => DriverSet.Create(settings.Layout, [DriverKind.Qemu, DriverKind.Lxc],
    new DriverSetOptions { LxcHelperPath = settings.LxcHelper }, sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton<IEnumerable<IHypervisorDriver>>(sp => sp.GetRequiredService<DriverSet>().Drivers);
// The web console also serves the instance's shared network and storage drivers (vireod always has both).
builder.Services.AddSingleton<Vireo.Drivers.Networks.INetworks>(sp => sp.GetRequiredService<DriverSet>().Networks!);
builder.Services.AddSingleton<Vireo.Drivers.Storage.IStoragePools>(sp => sp.GetRequiredService<DriverSet>().Storage!);
builder.Services.AddHostedService<VireoDaemonService>();
try
{
    if (SnmpOptions.FromConfiguration(config) is { } snmp) builder.Services.AddVireoSnmp(snmp);
    if (WebOptions.FromConfiguration(config, settings.StateDir) is { } web) builder.Services.AddVireoWeb(web);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"vireod: error: {e.Message}");
    return 1;
}

using var host = builder.Build();
try
{
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (e is SocketInUseException or Vireo.Core.Errors.VirException or IOException or UnauthorizedAccessException)
{
    // The host has logged the failure and disposed its services by now: only stderr is left to say it plainly.
    Console.Error.WriteLine($"vireod: error: {e.Message}");
    return 1;
}
