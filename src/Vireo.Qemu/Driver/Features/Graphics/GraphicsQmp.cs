using System.Text.Json.Nodes;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Graphics;

/// <summary>
/// QEMU's VNC_* and SPICE_* client events as libvirt's GRAPHICS event (qemu_monitor_json.c's graphics handlers and
/// qemuProcessHandleGraphics): the phase from the event's name, both addresses (VNC names the port "service", SPICE
/// "port"), the server's auth scheme ("" when absent), and a VNC client's x509dname / saslUsername identities. An
/// event without its server or client part, or without a family, host or port, sends nothing (libvirt warns and
/// drops it); an address family libvirt does not know counts as ipv4, as in libvirt. Pure.
/// </summary>
internal static class GraphicsQmp
{
    public const int Connect = 0, Initialize = 1, Disconnect = 2;

    public static GraphicsEvent? Translate(QmpEvent e, DomainRef domain)
    {
        var (phase, vnc) = e.Name switch
        {
            "VNC_CONNECTED" => (Connect, true),
            "VNC_INITIALIZED" => (Initialize, true),
            "VNC_DISCONNECTED" => (Disconnect, true),
            "SPICE_CONNECTED" => (Connect, false),
            "SPICE_INITIALIZED" => (Initialize, false),
            "SPICE_DISCONNECTED" => (Disconnect, false),
            _ => (-1, false),
        };
        if (phase < 0 || e.Data?["server"] is not JsonObject server || e.Data["client"] is not JsonObject client) return null;
        var portMember = vnc ? "service" : "port";
        if (Address(server, portMember) is not { } local || Address(client, portMember) is not { } remote) return null;
        var subject = new List<(string, string)>();
        if (vnc && Str(client, "x509_dname") is { } dname) subject.Add(("x509dname", dname));
        if (vnc && Str(client, "sasl_username") is { } user) subject.Add(("saslUsername", user));
        return new GraphicsEvent(domain, phase, local, remote, Str(server, "auth") ?? "", subject);
    }

    private static GraphicsEventAddress? Address(JsonObject o, string portMember) =>
        Str(o, "family") is { } family && Str(o, "host") is { } host && Str(o, portMember) is { } port
            ? new GraphicsEventAddress(FamilyOf(family), host, port)
            : null;

    /// <summary>virDomainEventGraphicsAddressType; what libvirt does not know ("vsock") is ipv4 there.</summary>
    public static int FamilyOf(string family) => family switch { "ipv6" => 1, "unix" => 2, _ => 0 };

    private static string? Str(JsonObject o, string member) => o[member] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
