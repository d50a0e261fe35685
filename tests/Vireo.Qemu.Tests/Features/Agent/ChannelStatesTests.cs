using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Tests.Features.Agent;

/// <summary>
/// Channel states from QEMU's answers to the live XML: query-chardev.json is QEMU 7.2's answer for a paused
/// guest with a serial port and the agent channel (the guest has not opened the port yet).
/// </summary>
public sealed class ChannelStatesTests
{
    private static DomainDef Def(string channels) => DomainXml.Parse($"""
        <domain type='qemu'><name>c</name><memory unit='KiB'>65536</memory><os><type>hvm</type></os>
        <devices>{channels}</devices></domain>
        """);

    private const string Agent = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";
    private const string Other = "<channel type='unix'><target type='virtio' name='org.example.other'/><alias name='ua-other'/></channel>";

    [Fact]
    public void Query_chardev_gives_each_virtio_channel_its_frontend_state()
    {
        var def = Def(Agent);
        var states = ChannelStates.FromQueryChardev(AgentFixtures.Json("query-chardev.json"), def.Devices.Channels);
        Assert.Equal(new Dictionary<int, ChannelState> { [0] = ChannelState.Disconnected }, states);
        Assert.Equal(0, ChannelStates.AgentIndex(def));
        Assert.Null(ChannelStates.AgentIndex(Def(Other)));
        // A channel QEMU says nothing about (here the second) is left out, not guessed.
        Assert.Equal([0], ChannelStates.FromQueryChardev(AgentFixtures.Json("query-chardev.json"), Def(Agent + Other).Devices.Channels).Keys);
    }

    [Fact]
    public void A_port_event_names_the_channel_by_its_device_id_or_user_alias()
    {
        var channels = Def(Agent + Other).Devices.Channels;
        Assert.Equal(0, ChannelStates.ChannelOfPort("channel0", channels));
        Assert.Equal(1, ChannelStates.ChannelOfPort("ua-other", channels));
        Assert.Null(ChannelStates.ChannelOfPort("channel1", channels)); // the second channel goes by its user alias
        Assert.Null(ChannelStates.ChannelOfPort("console0", channels));
        Assert.Null(ChannelStates.ChannelOfPort(null, channels));
    }

    [Fact]
    public void The_live_xml_carries_the_state_on_the_channel_target_and_only_where_known()
    {
        var def = Def(Agent + Other);
        var xml = DomainXml.Format(ChannelStates.Apply(def, new Dictionary<int, ChannelState> { [0] = ChannelState.Connected }));
        Assert.Contains("<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>", xml);
        Assert.Contains("<target type='virtio' name='org.example.other'/>", xml);
        Assert.Same(def, ChannelStates.Apply(def, new Dictionary<int, ChannelState>()));
        Assert.Equal((1, 2), (ChannelStates.EventState(ChannelState.Connected), ChannelStates.EventState(ChannelState.Disconnected)));
    }
}
