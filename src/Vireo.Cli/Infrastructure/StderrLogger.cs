using Microsoft.Extensions.Logging;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// Log lines of an embedded engine (reconnect problems, a guest that could not be watched) as
/// "vireo: warning: ..." on stderr. Warnings and errors only, unless VIREO_LOG=debug|info.
/// </summary>
internal sealed class StderrLoggerFactory(TextWriter error, LogLevel minimum) : ILoggerFactory
{
    public static LogLevel LevelFromEnvironment(string? value) => value?.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "error" => LogLevel.Error,
        "none" => LogLevel.None,
        _ => LogLevel.Warning,
    };

    public ILogger CreateLogger(string categoryName) => new Logger(error, minimum);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(TextWriter error, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var level = logLevel switch
            {
                LogLevel.Warning => "warning",
                >= LogLevel.Error => "error",
                _ => "info",
            };
            lock (error) error.WriteLine($"vireo: {level}: {formatter(state, exception)}");
        }
    }
}
