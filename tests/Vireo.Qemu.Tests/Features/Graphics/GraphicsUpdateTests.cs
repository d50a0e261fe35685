using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Graphics;
using Vireo.Qemu.Driver.Features.Hotplug;

namespace Vireo.Qemu.Tests.Features.Graphics;

/// <summary>update-device with a &lt;graphics&gt;: what may change on a running display (its password) and what is refused by name.</summary>
public sealed class GraphicsUpdateTests
{
    private static readonly GraphicsDef Vnc = new()
    {
        Type = GraphicsType.Vnc, Port = 5901, AutoPort = YesNo.Yes, ListenAttribute = "127.0.0.1",
        Listens = [new GraphicsListenDef(GraphicsListenType.Address, "127.0.0.1")], Passwd = "old-pw",
    };

    private static readonly DomainDef Desk = new()
    {
        Type = "qemu", Name = "desk", Uuid = Guid.Parse("c7a5fdbd-cdaf-9455-926a-d65c16db1810"),
        Devices = new DevicesDef { Graphics = [Vnc] },
    };

    private static GraphicsSpec Parse(string xml) => Assert.IsType<GraphicsSpec>(DeviceXml.Parse(xml, "desk"));

    [Fact]
    public void The_live_element_with_a_new_password_changes_only_the_password()
    {
        var spec = Parse("<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1' passwd='new-pw' passwdValidTo='2030-01-01T00:00:00'><listen type='address' address='127.0.0.1'/></graphics>");
        var change = GraphicsUpdate.PlanLive(Desk, spec.Graphics, spec.Connected);
        Assert.Equal(new PasswordChange(0, GraphicsType.Vnc, "new-pw", "2030-01-01T00:00:00", null), change);
    }

    [Fact]
    public void Attributes_left_out_count_as_unchanged_and_the_same_password_is_no_change()
    {
        Assert.Null(GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='vnc' passwd='old-pw'/>").Graphics, null));
        Assert.Null(GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='vnc' port='-1' autoport='yes' passwd='old-pw'/>").Graphics, null));
        // libvirt's rule: an element without passwd clears the password.
        Assert.Equal(new PasswordChange(0, GraphicsType.Vnc, null, null, null), GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='vnc'/>").Graphics, null));
    }

    [Fact]
    public void What_a_running_display_cannot_change_is_refused_by_name()
    {
        var e = Assert.Throws<VirException>(() => GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='vnc' autoport='no' port='5999' keymap='de' passwd='x'/>").Graphics, null));
        Assert.Equal(VirErrorCode.OperationUnsupported, e.Code);
        Assert.Contains("cannot change autoport, port, keymap of the VNC display of running domain 'desk': only passwd, passwdValidTo and connected change live", e.Message);
        e = Assert.Throws<VirException>(() => GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='vnc' passwd='x'><listen type='address' address='0.0.0.0'/></graphics>").Graphics, null));
        Assert.Contains("cannot change <listen> of the VNC display", e.Message);
        e = Assert.Throws<VirException>(() => GraphicsUpdate.PlanLive(Desk, Parse("<graphics type='spice' passwd='x'/>").Graphics, null));
        Assert.Contains("cannot find an existing SPICE display of running domain 'desk'", e.Message);
    }

    [Fact]
    public void Connected_is_read_off_the_element_and_checked()
    {
        var spec = Parse("<graphics type='vnc' passwd='new-pw' connected='keep'/>");
        Assert.Equal("keep", spec.Connected);
        Assert.Equal("keep", GraphicsUpdate.PlanLive(Desk, spec.Graphics, spec.Connected)!.Connected);
        var e = Assert.Throws<VirException>(() => GraphicsUpdate.PlanLive(Desk, spec.Graphics, "disconnect"));
        Assert.Contains("connected='disconnect' is not supported for the VNC display of domain 'desk'", e.Message);
        e = Assert.Throws<VirException>(() => GraphicsUpdate.PlanLive(Desk, spec.Graphics, "sometimes"));
        Assert.Contains("unknown value 'sometimes' for connected", e.Message);
    }

    [Fact]
    public void The_saved_definition_takes_the_whole_element()
    {
        var wanted = Parse("<graphics type='vnc' port='5905' autoport='no' passwd='cfg-pw'/>").Graphics;
        var updated = GraphicsUpdate.ReplaceInConfig(Desk, wanted);
        Assert.Equal(wanted, Assert.Single(updated.Devices.Graphics));
        Assert.Contains("cannot find an existing SPICE display in the definition of domain 'desk' to modify",
            Assert.Throws<VirException>(() => GraphicsUpdate.ReplaceInConfig(Desk, wanted with { Type = GraphicsType.Spice })).Message);
    }
}
