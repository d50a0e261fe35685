using Vireo.Core.State;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Mib;

namespace Vireo.Snmp.Tests.Mib;

public class StateAndNotificationTests
{
    [Theory]
    [InlineData(DomainState.Running, GuestState.Running)]
    [InlineData(DomainState.Blocked, GuestState.Blocked)]
    [InlineData(DomainState.Paused, GuestState.Paused)]
    [InlineData(DomainState.PmSuspended, GuestState.Paused)]
    [InlineData(DomainState.Shutdown, GuestState.Shutdown)]
    [InlineData(DomainState.Shutoff, GuestState.Shutoff)]
    [InlineData(DomainState.Crashed, GuestState.Crashed)]
    [InlineData(DomainState.NoState, GuestState.Shutoff)]
    public void Every_domain_state_maps_into_the_mib_enumeration(DomainState state, GuestState expected)
    {
        Assert.Equal(expected, GuestStateMap.FromDomainState(state));
    }

    [Fact]
    public void No_domain_state_leaks_a_value_outside_one_to_six()
    {
        foreach (var s in Enum.GetValues<DomainState>())
            Assert.InRange((int)GuestStateMap.FromDomainState(s), 1, 6);
    }

    [Theory]
    [InlineData(LifecycleEventType.Started, null, GuestState.Running, RowStatus.Active)]
    [InlineData(LifecycleEventType.Resumed, null, GuestState.Running, RowStatus.Active)]
    [InlineData(LifecycleEventType.Suspended, null, GuestState.Paused, RowStatus.Active)]
    [InlineData(LifecycleEventType.PmSuspended, null, GuestState.Paused, RowStatus.Active)]
    [InlineData(LifecycleEventType.Shutdown, null, GuestState.Shutdown, RowStatus.NotInService)]
    [InlineData(LifecycleEventType.Stopped, GuestState.Running, GuestState.Shutoff, RowStatus.NotInService)]
    [InlineData(LifecycleEventType.Crashed, null, GuestState.Crashed, RowStatus.NotInService)]
    [InlineData(LifecycleEventType.Defined, null, GuestState.Shutoff, RowStatus.NotInService)]
    [InlineData(LifecycleEventType.Defined, GuestState.Running, GuestState.Running, RowStatus.Active)]
    [InlineData(LifecycleEventType.Undefined, null, GuestState.Shutoff, RowStatus.Destroy)]
    public void Lifecycle_events_give_libvirt_snmp_state_and_row_status(LifecycleEventType type, GuestState? current, GuestState state, RowStatus rowStatus)
    {
        var n = GuestNotification.ForLifecycle(type, Guid.NewGuid(), "g", current);
        Assert.Equal((state, rowStatus), (n.State, n.RowStatus));
    }

    [Fact]
    public void Notification_varbinds_are_libvirt_snmps_in_order_with_dot_zero_instances()
    {
        var uuid = Guid.Parse("4ac85f3c-9f18-e091-d940-50be09db6d17");
        var vbs = new GuestNotification(uuid, "vm-alpha", GuestState.Paused, RowStatus.Active).ToVarBinds();
        Assert.Equal(
        [
            VarBind.ObjectIdentifier(Oid.Parse("1.3.6.1.6.3.1.1.4.1.0"), Oid.Parse("1.3.6.1.4.1.36957.0.1")),
            VarBind.OctetString(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.2.0"), "vm-alpha"),
            VarBind.OctetString(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.1.0"), Convert.FromHexString("4AC85F3C9F18E091D94050BE09DB6D17")),
            VarBind.Integer(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.0"), 3),
            VarBind.Integer(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.9.0"), 1),
        ], vbs);
    }
}
