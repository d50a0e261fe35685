using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// The engine's logger in served-engine tests: keeps every line it is given, debug included (a test can
/// prove a password never reached a log), and echoes what <see cref="TestLog"/> would to the test run's stderr.
/// </summary>
internal sealed class LogLines : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"[{logLevel}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
        _lines.Enqueue(line);
        if (TestLog.Instance.IsEnabled(logLevel)) Console.Error.WriteLine(line);
    }
}
