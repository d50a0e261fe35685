using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests;

/// <summary>The records of libvirt's QEMU program on the wire (XDR, big-endian), and the event filter of its callbacks.</summary>
public sealed class QemuProgramRecordTests
{
    private const string Dom = "00000001" + "74000000" + "727417977E6C4FE485AA7C14F559A862" + "00000003"; // "t", LvTest1, id 3
    private static readonly DomainRef T = new("t", Domains.LvTest1, 3);

    [Fact]
    public void Agent_command_args_are_the_domain_the_command_a_signed_timeout_and_flags()
    {
        var args = new QemuAgentCommandArgs(T, "{}", -2, 0);
        Assert.Equal(Dom + "00000002" + "7B7D0000" + "FFFFFFFE" + "00000000", XdrHex.Of(args));
        Assert.Equal(args, XdrHex.Decode<QemuAgentCommandArgs>(XdrHex.Of(args)));
    }

    [Fact]
    public void Event_register_args_have_an_optional_domain_an_optional_name_and_flags()
    {
        Assert.Equal("00000000" + "00000000" + "00000003", XdrHex.Of(new QemuMonitorEventRegisterArgs(null, null, 3)));
        var one = new QemuMonitorEventRegisterArgs(T, "STOP", 0);
        Assert.Equal("00000001" + Dom + "00000001" + "00000004" + "53544F50" + "00000000", XdrHex.Of(one));
        Assert.Equal(one, XdrHex.Decode<QemuMonitorEventRegisterArgs>(XdrHex.Of(one)));
    }

    [Fact]
    public void The_event_message_carries_the_callback_domain_name_hyper_seconds_micros_and_optional_details()
    {
        var stop = new QemuMonitorEventMsg(7, T, "STOP", 1_796_127_981, 188_199, null);
        Assert.Equal("00000007" + Dom + "00000004" + "53544F50" + "000000006B0EBCED" + "0002DF27" + "00000000", XdrHex.Of(stop));
        var balloon = new QemuMonitorEventMsg(7, T, "STOP", 1, 2, "{}");
        Assert.EndsWith("0000000000000001" + "00000002" + "00000001" + "00000002" + "7B7D0000", XdrHex.Of(balloon));
        Assert.Equal(balloon, XdrHex.Decode<QemuMonitorEventMsg>(XdrHex.Of(balloon)));
    }

    [Fact]
    public void Attach_args_are_a_pid_and_flags()
    {
        Assert.Equal("000004D2" + "00000000", XdrHex.Of(new QemuAttachArgs(1234, 0)));
    }

    private static QemuMonitorEvent Event(string name, Guid? uuid = null) => new(new DomainRef("g", uuid ?? Domains.LvTest1, 1), name, 0, 0, null);

    [Fact]
    public void The_filter_matches_names_exactly_or_without_case_or_as_a_regular_expression_anywhere()
    {
        var exact = QemuMonitorEventFilter.Create(null, "STOP", 0);
        Assert.True(exact(Event("STOP")));
        Assert.False(exact(Event("stop")));
        Assert.False(exact(Event("STOPPED")));
        Assert.True(QemuMonitorEventFilter.Create(null, "stop", 2)(Event("STOP")));
        var regex = QemuMonitorEventFilter.Create(null, "RES|STO", 1);
        Assert.True(regex(Event("RESUME")));
        Assert.True(regex(Event("BLOCK_JOB_STOP")));
        Assert.False(regex(Event("resume")));
        Assert.True(QemuMonitorEventFilter.Create(null, "^res", 3)(Event("RESUME")));
        Assert.True(QemuMonitorEventFilter.Create(null, null, 0)(Event("ANY")));
    }

    [Fact]
    public void The_filter_keeps_one_domain_and_refuses_unknown_flags_and_bad_expressions_as_libvirt()
    {
        var mine = QemuMonitorEventFilter.Create(T, null, 0);
        Assert.True(mine(Event("STOP")));
        Assert.False(mine(Event("STOP", Guid.NewGuid())));

        var flags = Assert.Throws<VirException>(() => QemuMonitorEventFilter.Create(null, null, 8));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.None, "unsupported flags (0x8) in function virDomainQemuMonitorEventStateRegisterID"),
            (flags.Code, flags.ErrorDomain, flags.Message));
        var regex = Assert.Throws<VirException>(() => QemuMonitorEventFilter.Create(null, "(", 1));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.None), (regex.Code, regex.ErrorDomain));
        Assert.StartsWith("failed to compile regex '(': ", regex.Detail);
    }
}
