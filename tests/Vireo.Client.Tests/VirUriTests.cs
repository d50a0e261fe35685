namespace Vireo.Client.Tests;

public sealed class VirUriTests
{
    [Theory]
    [InlineData("qemu:///system", "qemu:///system")]
    [InlineData("qemu:///session", "qemu:///session")]
    [InlineData("lxc:///", "lxc:///")]
    [InlineData("test:///default", "test:///default")]
    public void Plain_uris_go_to_vireods_socket_and_are_sent_unchanged(string uri, string name)
    {
        var u = VirUri.Parse(uri);
        Assert.Equal(Environment.GetEnvironmentVariable(VirUri.SocketVariable) is { Length: > 0 } env ? env : VirUri.DefaultSocket, u.SocketPath);
        Assert.Equal(name, u.Name);
        Assert.False(u.IsEmbedded);
    }

    [Fact]
    public void The_socket_parameter_picks_the_socket_and_is_not_sent_to_the_daemon()
    {
        var u = VirUri.Parse("qemu+unix:///system?socket=/run/libvirt/libvirt-sock");
        Assert.Equal("/run/libvirt/libvirt-sock", u.SocketPath);
        Assert.Equal("qemu:///system", u.Name);
        var lxc = VirUri.Parse("lxc+unix:///?socket=/tmp/x&mode=direct&other=1");
        Assert.Equal(("/tmp/x", "lxc:///?other=1"), (lxc.SocketPath, lxc.Name));
    }

    [Fact]
    public void No_uri_asks_the_daemon_for_its_default()
    {
        var u = VirUri.Parse(null);
        Assert.Equal("", u.Name);
    }

    [Fact]
    public void Embedded_uris_are_recognised_with_their_root()
    {
        var u = VirUri.Parse("qemu:///embed?root=/var/tmp/vm1");
        Assert.True(u.IsEmbedded);
        Assert.Equal("/var/tmp/vm1", u.EmbedRoot);
    }

    [Fact]
    public void Remote_transports_are_refused_clearly()
    {
        var e = Assert.Throws<Core.Errors.VirException>(() => VirUri.Parse("qemu+ssh://host/system"));
        Assert.Contains("transport 'ssh' is not supported", e.Message, StringComparison.Ordinal);
    }
}
