using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Monitor;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Monitor;

/// <summary>How a client's command text and a QMP event are read for libvirt-qemu, with libvirt's errors.</summary>
public sealed class MonitorPassThroughTests
{
    [Fact]
    public void Text_that_is_not_json_is_libvirts_cannot_parse_json_from_no_domain()
    {
        var e = Assert.Throws<VirException>(() => MonitorPassThrough.QmpCommandOf("garbage"));
        Assert.Equal((VirErrorCode.InternalError, VirErrorDomain.None), (e.Code, e.ErrorDomain));
        Assert.StartsWith("cannot parse json garbage: ", e.Detail);
        Assert.Throws<VirException>(() => MonitorPassThrough.AgentCommandOf("{\"execute\":"));
    }

    [Fact]
    public void A_command_with_its_own_id_is_refused_and_json_that_is_no_object_gets_qemus_answer()
    {
        var e = Assert.Throws<VirException>(() => MonitorPassThrough.QmpCommandOf("{\"execute\":\"query-status\",\"id\":1}"));
        Assert.Equal((VirErrorCode.InternalError, VirErrorDomain.Qemu, "Unable to append command 'id' string"), (e.Code, e.ErrorDomain, e.Detail));
        Assert.Null(MonitorPassThrough.QmpCommandOf("[1]"));
        Assert.Equal("query-name", (string?)MonitorPassThrough.QmpCommandOf("{\"execute\":\"query-name\"}")!["execute"]);
    }

    [Fact]
    public void Agent_commands_are_named_by_their_execute_member()
    {
        Assert.Equal("guest-ping", MonitorPassThrough.AgentCommandOf("{\"execute\":\"guest-ping\"}").Name);
        Assert.Equal("<unknown>", MonitorPassThrough.AgentCommandOf("[1]").Name);
    }

    [Fact]
    public void An_event_is_qemus_seconds_and_microseconds_and_its_data_as_compact_json()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_796_127_981).AddTicks(188_199 * 10);
        Assert.Equal((1_796_127_981L, 188_199u), MonitorPassThrough.TimestampOf(at));
        Assert.Equal("{\"actual\":209715200}", MonitorPassThrough.DetailsOf(new QmpEvent("BALLOON_CHANGE", new JsonObject { ["actual"] = 209715200 }, at)));
        Assert.Null(MonitorPassThrough.DetailsOf(new QmpEvent("STOP", null, at)));
    }
}
