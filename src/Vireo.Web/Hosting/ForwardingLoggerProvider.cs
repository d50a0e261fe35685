using Microsoft.Extensions.Logging;

namespace Vireo.Web;

/// <summary>Sends the web application's log lines to vireod's own logging (same format, same destination).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The target belongs to vireod's host.
    }
}
