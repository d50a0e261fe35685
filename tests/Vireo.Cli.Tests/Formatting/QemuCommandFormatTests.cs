using Vireo.Cli.Commands;
using Vireo.Cli.Infrastructure;
using Vireo.Client;
using Vireo.Core.State;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>
/// vireo's qemu-monitor-command / qemu-monitor-event text as virsh 9.0 prints it (measured against virsh on vireod
/// and libvirtd): the QMP command virsh builds from words, --pretty and --return-value, and the event line.
/// </summary>
public sealed class QemuCommandFormatTests
{
    [Fact]
    public void Json_is_sent_as_it_is_and_words_become_a_command_with_its_arguments_members()
    {
        Assert.Equal("{\"execute\":\"query-status\"}", QemuCommands.QmpText(["{\"execute\":\"query-status\"}"]));
        Assert.Equal("{\"execute\":\"query-status\"}", QemuCommands.QmpText(["query-status"]));
        Assert.Equal("{\"execute\":\"set_link\",\"arguments\":{\"name\":\"net0\",\"up\":false}}", QemuCommands.QmpText(["set_link", "\"name\":\"net0\"", "\"up\":false"]));
        Assert.Equal("failed to wrap arguments 'name=net0 up' into a QMP command wrapper",
            Assert.Throws<CliError>(() => QemuCommands.QmpText(["set_link", "name=net0", "up"])).Message);
    }

    [Fact]
    public void Pretty_indents_by_two_and_return_value_keeps_only_the_return_member()
    {
        const string reply = "{\"return\":{\"name\":\"qv1\"},\"id\":\"libvirt-10\"}";
        Assert.Equal(reply, QemuCommands.Format(reply, false, false));
        Assert.Equal("{\n  \"return\": {\n    \"name\": \"qv1\"\n  },\n  \"id\": \"libvirt-10\"\n}", QemuCommands.Format(reply, true, false));
        Assert.Equal("{\"name\":\"qv1\"}", QemuCommands.Format(reply, false, true));
        Assert.Equal("'return' member missing", Assert.Throws<CliError>(() => QemuCommands.Format("{\"error\":{}}", false, true)).Message);
    }

    [Fact]
    public void An_event_line_has_six_digit_microseconds_and_null_for_no_details()
    {
        var dom = new DomainRef("qv1", Guid.Empty, 1);
        Assert.Equal("event STOP at 1796127752.006125 for domain 'qv1': <null>\n",
            QemuCommands.Line(new QemuMonitorEventReceived(dom, "STOP", 1796127752, 6125, null), false, null));
        Assert.Equal("event BALLOON_CHANGE at 1.000002 for domain 'qv1': {\"actual\":209715200}\n",
            QemuCommands.Line(new QemuMonitorEventReceived(dom, "BALLOON_CHANGE", 1, 2, "{\"actual\":209715200}"), false, null));
    }
}
