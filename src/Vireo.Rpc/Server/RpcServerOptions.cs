namespace Vireo.Rpc.Server;

/// <summary>Tunables of the RPC server (libvirtd.conf's keepalive_interval / keepalive_count and queue limits).</summary>
public sealed record RpcServerOptions
{
    /// <summary>Idle time after which the server PINGs a client that asked for keepalive (feature 10).</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unanswered PINGs after which the connection is closed.</summary>
    public int KeepaliveCount { get; init; } = 5;

    /// <summary>
    /// Messages waiting to be written to one client. A client that lets its queue fill up has stopped
    /// reading; it is dropped rather than allowed to hold up the driver or the event bus.
    /// </summary>
    public int MaxQueuedMessages { get; init; } = 4096;

    /// <summary>Stream packets from a client waiting to be written into a console.</summary>
    public int MaxQueuedStreamPackets { get; init; } = 1024;

    /// <summary>The driver used when CONNECT_OPEN names no URI (null: the first driver).</summary>
    public string? DefaultScheme { get; init; }

    /// <summary>The daemon version reported by CONNECT_GET_LIB_VERSION (the libvirt API level we speak: 9.0.0).</summary>
    public ulong LibVersion { get; init; } = 9_000_000;
}
