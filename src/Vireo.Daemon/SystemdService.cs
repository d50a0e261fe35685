using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace Vireo.Daemon;

/// <summary>
/// vireod as packaging/vireod.service runs it (Type=notify): stay in the foreground, send READY=1 when the
/// host has started (sockets listening, guests reconnected) and STOPPING=1 on SIGTERM, log in the journal's format.
/// </summary>
internal static class SystemdService
{
    /// <summary>
    /// True when systemd started this process as a service's main process. SystemdHelpers only asks whether the
    /// parent is systemd; systemd 248 and later also set SYSTEMD_EXEC_PID to the main process's pid, which still
    /// holds when ExecStart goes through a wrapper that execs vireod.
    /// </summary>
    public static bool IsMainProcess() =>
        SystemdHelpers.IsSystemdService()
        || Environment.GetEnvironmentVariable("SYSTEMD_EXEC_PID") == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>What AddSystemd() registers, under <see cref="IsMainProcess"/> rather than the parent check alone.</summary>
    public static IServiceCollection AddVireodSystemd(this IServiceCollection services)
    {
        if (!IsMainProcess()) return services;
        services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Systemd);
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
        return services;
    }
}
