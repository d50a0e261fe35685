using Vireo.IntegrationTests.Graphics.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Graphics;

/// <summary>
/// SPICE displays with autoport: the engine picks free ports (SPICE has no "any port" of its own), the live
/// XML and domdisplay say where, query-spice agrees, and a SPICE client is let in with the password only.
/// </summary>
[Collection(GraphicsCollection.Name)]
public sealed class SpiceTests
{
    private const string Password = "Sp1ce-pw-42";

    [Fact]
    public async Task TwoAutoportDisplaysOnLoopbackGetTheirOwnPortsAndCheckTheTicket()
    {
        await using var rig = await ServedEngine.StartAsync();
        var locked = await rig.StartGuestAsync("spicepw", GraphicsXml.With($"<graphics type='spice' autoport='yes' passwd='{Password}'/>", GraphicsXml.Vga));
        var open = await rig.StartGuestAsync("spice", GraphicsXml.With("<graphics type='spice' autoport='yes'/>", GraphicsXml.Vga));

        int lockedPort = GraphicsXml.PortOf((await rig.BothOkAsync("dumpxml", locked)).Virsh, "spice");
        int openPort = GraphicsXml.PortOf((await rig.BothOkAsync("dumpxml", open)).Virsh, "spice");
        Assert.NotEqual(lockedPort, openPort);

        var (virsh, vireo) = await rig.BothOkAsync("domdisplay", locked);
        Assert.Equal($"spice://127.0.0.1:{lockedPort}\n", virsh);
        Assert.Equal(virsh, vireo);
        (virsh, vireo) = await rig.BothOkAsync("domdisplay", locked, "--include-password");
        Assert.Equal($"spice://127.0.0.1:{lockedPort}?password={Password}\n", virsh);
        Assert.Equal(virsh, vireo);

        var spice = (await rig.QmpAsync(locked, QmpCommands.QuerySpice()))!;
        Assert.True((bool)spice["enabled"]!);
        Assert.Equal(lockedPort, (int)spice["port"]!);
        Assert.Equal("127.0.0.1", (string?)spice["host"]);
        Assert.Equal("spice", (string?)spice["auth"]);
        Assert.Equal("none", (string?)(await rig.QmpAsync(open, QmpCommands.QuerySpice()))!["auth"]);

        var (socket, reply) = await SpiceLink.LinkAsync("127.0.0.1", lockedPort);
        using (socket)
        {
            Assert.Equal((2u, 0u), (reply.Major, reply.Error));
            Assert.Equal(0u, await SpiceLink.SendTicketAsync(socket, reply.PublicKey, Password));
        }
        (socket, reply) = await SpiceLink.LinkAsync("127.0.0.1", lockedPort);
        using (socket)
            Assert.NotEqual(0u, await SpiceLink.SendTicketAsync(socket, reply.PublicKey, "not-the-password"));

        Assert.DoesNotContain(rig.QemuArgv(locked), a => a.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, rig.LogFiles());
        Assert.DoesNotContain(Password, rig.Logs.All);
    }
}
