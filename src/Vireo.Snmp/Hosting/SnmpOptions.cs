using Microsoft.Extensions.Configuration;
using Vireo.Snmp.Session;

namespace Vireo.Snmp.Hosting;

/// <summary>
/// Settings of the AgentX subagent. Only Endpoint is usually set (vireod --agentx unix:PATH); the rest
/// have defaults that suit net-snmp's master (agentXTimeout 1 s, 5 retries).
/// </summary>
public sealed record SnmpOptions(AgentXEndpoint Endpoint)
{
    /// <summary>SET through SNMP (start, shutdown, destroy, pause, resume guests). Off by default: AgentX cannot tell who asks.</summary>
    public bool AllowSet { get; init; }

    /// <summary>o.timeout of our Open, in seconds; 0 lets the master use its agentXTimeout.</summary>
    public byte OpenTimeoutSeconds { get; init; }

    /// <summary>r.priority of our registration (lower wins; 127 is the RFC's default).</summary>
    public byte Priority { get; init; } = 127;

    /// <summary>o.descr: how snmpd's logs name us.</summary>
    public string Description { get; init; } = "Vireo virtualization manager";

    /// <summary>How often we Ping the master to find a dead session.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long we wait for the master to answer one of our requests.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before reconnecting; doubled after each failure up to ReconnectMaxDelay.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect back-off (net-snmp's own subagents retry every 15 s).</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the table is rebuilt without events, for CPU time (libvirt-snmp's cache lives 5 s).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long CommitSet waits for a guest action before answering (below the master's 1 s timeout).</summary>
    public TimeSpan SetCommitWait { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>From the --agentx value: "unix:PATH" or "tcp:HOST:PORT".</summary>
    public static SnmpOptions Parse(string agentx, bool allowSet = false) => new(AgentXEndpoint.Parse(agentx)) { AllowSet = allowSet };

    /// <summary>
    /// From vireod's configuration: section "Snmp" with "AgentX" (unix:PATH or tcp:HOST:PORT) and
    /// "AllowSet" (true/false, 1/0, yes/no, on/off). Null when AgentX is not set, i.e. SNMP is off.
    /// </summary>
    public static SnmpOptions? FromConfiguration(IConfiguration config)
    {
        var section = config.GetSection("Snmp");
        var agentx = section["AgentX"];
        if (string.IsNullOrWhiteSpace(agentx)) return null;
        return Parse(agentx, Flag(section["AllowSet"]));
    }

    /// <summary>The spellings vireod accepts for its other on/off settings, so the config file reads the same throughout.</summary>
    private static bool Flag(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        return text.Trim().ToLowerInvariant() switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new FormatException($"The setting Snmp:AllowSet is '{text}'; it must be true or false (or 1/0, yes/no, on/off)."),
        };
    }
}
