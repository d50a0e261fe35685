using System.Text;
using System.Text.Json;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Web.Api;

namespace Vireo.Web.Events;

/// <summary>Server-sent event frames (the WHATWG event-stream format) of the REST event stream. Pure.</summary>
public static class EventFrames
{
    /// <summary>A comment line: ignored by EventSource, but traffic for proxies that close idle streams.</summary>
    public const string Keepalive = ": keepalive\n\n";

    /// <summary>One frame: "event: KIND", one "data:" line (our JSON never holds a newline), a blank line.</summary>
    public static string Frame(string kind, string json) => $"event: {kind}\ndata: {json}\n\n";

    /// <summary>libvirt's lifecycle event type in lower case ("started", "pmsuspended").</summary>
    public static string TypeWord(LifecycleEventType type) => LifecycleEventWords.Type(type).ToLowerInvariant();

    /// <summary>virsh's word for the detail in lower case ("booted", "destroyed", "finished after guest request").</summary>
    public static string DetailWord(LifecycleEventType type, int detail) => LifecycleEventWords.Detail(type, detail).ToLowerInvariant();

    /// <summary>
    /// The frame of an event with the domain object to send along, or null for the kinds the stream does not
    /// carry (it carries lifecycle, reboot and metadata).
    /// </summary>
    public static string? Of(DomainEvent e, DomainView domain) => e switch
    {
        MetadataChangeEvent m => Frame("metadata", JsonSerializer.Serialize(
            new MetadataEventData(MetadataWord(m.Type), domain), WebJson.Api.MetadataEventData)),
        LifecycleEvent l => Frame("lifecycle", JsonSerializer.Serialize(
            new LifecycleEventData(TypeWord(l.Type), DetailWord(l.Type, l.Detail), domain), WebJson.Api.LifecycleEventData)),
        RebootEvent => Frame("reboot", JsonSerializer.Serialize(new RebootEventData(domain), WebJson.Api.RebootEventData)),
        _ => null,
    };

    /// <summary>Whether the stream carries a domain event of this kind (the others are not described at all).</summary>
    public static bool Carries(DomainEvent e) => e is LifecycleEvent or RebootEvent or MetadataChangeEvent;

    /// <summary>virDomainMetadataType in lower case: which part of the definition changed.</summary>
    public static string MetadataWord(int type) => type switch
    {
        0 => "description",
        1 => "title",
        2 => "element",
        _ => "unknown",
    };

    /// <summary>The frame of a network lifecycle event: "event: network", the type in lower case, the network after it.</summary>
    public static string Of(NetworkEvent e, NetworkView network) => Frame("network", JsonSerializer.Serialize(
        new NetworkEventData(e.Type.ToString().ToLowerInvariant(), network), WebJson.Api.NetworkEventData));

    /// <summary>The frame of a pool event: "event: pool", a lifecycle type in lower case or "refreshed", the pool after it.</summary>
    public static string Of(StoragePoolEvent e, PoolView pool) => Frame("pool", JsonSerializer.Serialize(
        new PoolEventData(e.Type?.ToString().ToLowerInvariant() ?? "refreshed", pool), WebJson.Api.PoolEventData));

    /// <summary>For a stop: the shut-off reason the event implies (StoppedDetail n is virDomainShutoffReason n+1).</summary>
    public static int? ShutoffReasonOf(DomainEvent e) =>
        e is LifecycleEvent { Type: LifecycleEventType.Stopped } l ? l.Detail + 1 : null;

    public static byte[] Utf8(string frame) => Encoding.UTF8.GetBytes(frame);
}
