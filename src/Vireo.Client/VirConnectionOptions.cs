namespace Vireo.Client;

/// <summary>How <see cref="VirConnection"/> connects.</summary>
public sealed record VirConnectionOptions
{
    /// <summary>Open read-only (VIR_CONNECT_RO): the daemon refuses every change.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Ping the daemon when idle (virsh: 5 s, 6 pings); zero interval disables client pings.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Unanswered pings after which the connection is closed.</summary>
    public int KeepaliveCount { get; init; } = 6;
}
