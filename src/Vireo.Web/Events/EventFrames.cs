using System.Text;
using System.Text.Json;
using Vireo.Core.State;
using Vireo.Drivers.Events;
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
    /// carry (it carries lifecycle and reboot).
    /// </summary>
    public static string? Of(DomainEvent e, DomainView domain) => e switch
    {
        LifecycleEvent l => Frame("lifecycle", JsonSerializer.Serialize(
            new LifecycleEventData(TypeWord(l.Type), DetailWord(l.Type, l.Detail), domain), WebJson.Api.LifecycleEventData)),
        RebootEvent => Frame("reboot", JsonSerializer.Serialize(new RebootEventData(domain), WebJson.Api.RebootEventData)),
        _ => null,
    };

    /// <summary>For a stop: the shut-off reason the event implies (StoppedDetail n is virDomainShutoffReason n+1).</summary>
    public static int? ShutoffReasonOf(DomainEvent e) =>
        e is LifecycleEvent { Type: LifecycleEventType.Stopped } l ? l.Detail + 1 : null;

    public static byte[] Utf8(string frame) => Encoding.UTF8.GetBytes(frame);
}
