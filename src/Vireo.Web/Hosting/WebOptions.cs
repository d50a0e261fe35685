using Microsoft.Extensions.Configuration;

namespace Vireo.Web.Hosting;

/// <summary>Settings of vireod's web server ([Web] in vireod.conf, or --web).</summary>
public sealed record WebOptions(WebListenAddress Listen, string TokenFile)
{
    /// <summary>The comment line that keeps an idle event stream open through proxies.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest domain XML accepted by a define.</summary>
    public long MaxXmlBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The largest JSON body (autostart, session) accepted.</summary>
    public long MaxJsonBytes { get; init; } = 64 * 1024;

    /// <summary>The token file for a state directory: STATE_DIR/web-token.</summary>
    public static string TokenFileIn(string stateDir) => Path.Combine(stateDir, "web-token");

    /// <summary>
    /// From vireod's configuration: section "Web" with "Listen" (HOST:PORT or unix:PATH). Null when Listen is
    /// not set, i.e. the web server is off. The token lives in STATE_DIR/web-token.
    /// </summary>
    public static WebOptions? FromConfiguration(IConfiguration config, string stateDir)
    {
        var listen = config.GetSection("Web")["Listen"];
        if (string.IsNullOrWhiteSpace(listen)) return null;
        return new WebOptions(WebListenAddress.Parse(listen), TokenFileIn(stateDir));
    }
}
