using System.Runtime.CompilerServices;
using System.Text;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Qemu.Driver.Features.Graphics;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Graphics;

/// <summary>
/// QEMU's VNC/SPICE client events to libvirt's GRAPHICS event. vnc-session.jsonl is QEMU 7.2's three events for one
/// RFB client (connect, security None, ClientInit, close) on a display at 127.0.0.1:5977.
/// </summary>
public sealed class GraphicsQmpTests
{
    private static readonly DomainRef Dom = new("g", Guid.Parse("6a4d8e0c-4e4b-4a6c-9d7e-1f2a3b4c5d6e"), 3);

    private static QmpEvent Event(string json) => (QmpEvent)QmpMessage.Parse(Encoding.UTF8.GetBytes(json));

    private static string[] Captured([CallerFilePath] string source = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(source)!, "vnc-session.jsonl"));

    [Fact]
    public void A_vnc_session_is_connect_initialize_disconnect_with_both_addresses_and_the_auth_scheme()
    {
        var local = new GraphicsEventAddress(0, "127.0.0.1", "5977");
        var remote = new GraphicsEventAddress(0, "127.0.0.1", "50262");
        Assert.Equal(
            [new GraphicsEvent(Dom, 0, local, remote, "none", []), new GraphicsEvent(Dom, 1, local, remote, "none", []), new GraphicsEvent(Dom, 2, local, remote, "none", [])],
            Captured().Select(l => GraphicsQmp.Translate(Event(l), Dom)));
    }

    [Fact]
    public void A_vnc_clients_identities_are_the_subject_and_spice_names_its_port_port()
    {
        var vnc = GraphicsQmp.Translate(Event("""{"event":"VNC_INITIALIZED","timestamp":{"seconds":1,"microseconds":0},"data":{"server":{"auth":"vnc","family":"ipv6","service":"5901","host":"::1","websocket":false},"client":{"family":"ipv6","service":"40000","host":"::1","websocket":false,"x509_dname":"CN=a","sasl_username":"bob"}}}"""), Dom)!;
        Assert.Equal(new GraphicsEvent(Dom, 1, new(1, "::1", "5901"), new(1, "::1", "40000"), "vnc", [("x509dname", "CN=a"), ("saslUsername", "bob")]), vnc);
        var spice = GraphicsQmp.Translate(Event("""{"event":"SPICE_DISCONNECTED","timestamp":{"seconds":1,"microseconds":0},"data":{"server":{"port":"5902","family":"unix","host":"/run/s.sock"},"client":{"port":"0","family":"unix","host":""}}}"""), Dom)!;
        Assert.Equal(new GraphicsEvent(Dom, 2, new(2, "/run/s.sock", "5902"), new(2, "", "0"), "", []), spice);
    }

    [Theory]
    [InlineData("""{"event":"VNC_CONNECTED","timestamp":{"seconds":1,"microseconds":0},"data":{"client":{"family":"ipv4","service":"1","host":"h"}}}""")]
    [InlineData("""{"event":"VNC_CONNECTED","timestamp":{"seconds":1,"microseconds":0},"data":{"server":{"family":"ipv4","host":"h"},"client":{"family":"ipv4","service":"1","host":"h"}}}""")]
    [InlineData("""{"event":"STOP","timestamp":{"seconds":1,"microseconds":0}}""")]
    public void Events_lacking_a_part_libvirt_needs_and_other_events_send_nothing(string json) =>
        Assert.Null(GraphicsQmp.Translate(Event(json), Dom));

    [Theory]
    [InlineData("ipv4", 0)]
    [InlineData("ipv6", 1)]
    [InlineData("unix", 2)]
    [InlineData("vsock", 0)]
    public void Address_families_as_libvirt_numbers_them(string family, int expected) => Assert.Equal(expected, GraphicsQmp.FamilyOf(family));
}
