using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Graphics.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Graphics;

/// <summary>
/// VNC displays of a real guest served by vireod: where virsh and vireo say they are (domdisplay,
/// vncdisplay), what QEMU reports (query-vnc), and what a VNC client meets there (the RFB banner, the
/// security types, VNC authentication with the right and a wrong password).
/// </summary>
[Collection(GraphicsCollection.Name)]
public sealed class VncTests
{
    private const string Password = "Vk7q2Zp9"; // VNC authentication uses 8 characters

    [Fact]
    public async Task APasswordProtectedAutoportDisplayOnLoopback()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.StartGuestAsync("vnc", GraphicsXml.With(
            $"<graphics type='vnc' listen='127.0.0.1' autoport='yes' passwd='{Password}'/>", GraphicsXml.Vga));

        // The live XML has the port the server got; the password only in secure XML.
        var xml = (await rig.BothOkAsync("dumpxml", name)).Virsh;
        int port = GraphicsXml.PortOf(xml, "vnc");
        Assert.InRange(port, 5900, 65535);
        Assert.Contains("autoport='yes'", xml);
        Assert.DoesNotContain(Password, xml);
        Assert.Contains($"passwd='{Password}'", (await rig.BothOkAsync("dumpxml", name, "--security-info")).Virsh);

        int display = port - 5900;
        var (virsh, vireo) = await rig.BothOkAsync("domdisplay", name);
        Assert.Equal($"vnc://127.0.0.1:{display}\n", virsh);
        Assert.Equal(virsh, vireo);
        (virsh, vireo) = await rig.BothOkAsync("domdisplay", name, "--include-password");
        Assert.Equal($"vnc://:{Password}@127.0.0.1:{display}\n", virsh);
        Assert.Equal(virsh, vireo);
        (virsh, vireo) = await rig.BothOkAsync("vncdisplay", name);
        Assert.Equal($"127.0.0.1:{display}\n\n", virsh);
        Assert.Equal(virsh, vireo);

        var vnc = (await rig.QmpAsync(name, QmpCommands.QueryVnc()))!;
        Assert.Equal("vnc", (string?)vnc["auth"]);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)vnc["service"]);
        Assert.Equal("127.0.0.1", (string?)vnc["host"]);

        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
        {
            Assert.Equal("RFB 003.008\n", rfb.Banner);
            Assert.Equal([RfbClient.SecurityVnc], rfb.SecurityTypes);
            Assert.True(await rfb.AuthenticateAsync(Password), "the VNC server refused the domain's password");
        }
        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
            Assert.False(await rfb.AuthenticateAsync("wrong-pw"), "the VNC server accepted a wrong password");

        // The password never went where other local users or log readers could see it.
        Assert.DoesNotContain(rig.QemuArgv(name), a => a.Contains(Password, StringComparison.Ordinal));
        Assert.Contains(rig.QemuArgv(name), a => a.Contains("password=on", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, rig.LogFiles());
        Assert.DoesNotContain(Password, rig.Logs.All);
    }

    [Fact]
    public async Task ThePasswordOfARunningDisplayCanBeChanged()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.StartGuestAsync("vncpw", GraphicsXml.With($"<graphics type='vnc' autoport='yes' passwd='{Password}'/>", GraphicsXml.Vga));
        var uuid = rig.Driver.Domains.LookupByName(name).Uuid;
        var graphics = rig.Driver.Feature<IDomainGraphics>()!;
        await graphics.SetPasswordAsync(uuid, GraphicsType.Vnc, "NewPass1", null, TestContext.Current.CancellationToken);

        int port = GraphicsXml.PortOf((await rig.BothOkAsync("dumpxml", name)).Virsh, "vnc");
        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
            Assert.True(await rfb.AuthenticateAsync("NewPass1"));
        await using (var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port))
            Assert.False(await rfb.AuthenticateAsync(Password));
        Assert.Contains("passwd='NewPass1'", (await rig.BothOkAsync("dumpxml", name, "--security-info")).Virsh);
        Assert.DoesNotContain("NewPass1", rig.Logs.All);

        // A display started without a password has none to change.
        var err = await Assert.ThrowsAsync<Core.Errors.VirException>(async () =>
            await graphics.SetPasswordAsync(uuid, GraphicsType.Spice, "x", null, TestContext.Current.CancellationToken));
        Assert.Contains("has no SPICE display", err.Message);
    }

    /// <summary>
    /// libvirt's way to change a running display's password: update-device with the &lt;graphics&gt; element
    /// (as dumpxml --security-info shows it) carrying the new passwd. Only the password, its expiry and
    /// connected change live; anything else is refused, named, and changes nothing.
    /// </summary>
    [Fact]
    public async Task UpdateDeviceChangesTheRunningDisplaysPasswordThroughVirshAndVireo()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await rig.StartGuestAsync("vncupd", GraphicsXml.With($"<graphics type='vnc' listen='127.0.0.1' autoport='yes' passwd='{Password}'/>", GraphicsXml.Vga));
        int port = GraphicsXml.PortOf((await rig.BothOkAsync("dumpxml", name)).Virsh, "vnc");
        var file = Path.Combine(rig.RootPath, "graphics.xml");
        async Task<string> DisplayAsync(Action<System.Xml.Linq.XElement> edit)
        {
            var xml = (await rig.BothOkAsync("dumpxml", name, "--security-info")).Virsh;
            var g = System.Xml.Linq.XElement.Parse(xml).Element("devices")!.Elements("graphics").Single();
            edit(g);
            await File.WriteAllTextAsync(file, g.ToString(), TestContext.Current.CancellationToken);
            return file;
        }
        async Task<bool> AcceptsAsync(string password)
        {
            await using var rfb = await RfbClient.ConnectTcpAsync("127.0.0.1", port);
            Assert.Equal([RfbClient.SecurityVnc], rfb.SecurityTypes);
            return await rfb.AuthenticateAsync(password);
        }

        // virsh: the new password works at once, the old one no longer does.
        var r = await rig.VirshAsync("update-device", name, await DisplayAsync(g => g.SetAttributeValue("passwd", "Virsh123")), "--live");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("Device updated successfully\n\n", r.Stdout);
        Assert.True(await AcceptsAsync("Virsh123"), "the display refused the password set through virsh update-device");
        Assert.False(await AcceptsAsync(Password), "the display still accepts the old password");
        Assert.Equal("vnc", (string?)(await rig.QmpAsync(name, QmpCommands.QueryVnc()))!["auth"]);
        Assert.Contains("passwd='Virsh123'", (await rig.BothOkAsync("dumpxml", name, "--security-info")).Virsh);
        Assert.Contains($"passwd='{Password}'", (await rig.BothOkAsync("dumpxml", name, "--inactive", "--security-info")).Virsh); // --live only

        // vireo: the same call.
        var o = await rig.VireoAsync("update-device", name, await DisplayAsync(g => g.SetAttributeValue("passwd", "Vireo123")), "--live");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.True(await AcceptsAsync("Vireo123"));
        Assert.False(await AcceptsAsync("Virsh123"));

        // A validity time in the past: QEMU expires the new password at once, so nobody gets in with it.
        r = await rig.VirshAsync("update-device", name, await DisplayAsync(g =>
        {
            g.SetAttributeValue("passwd", "Expired1");
            g.SetAttributeValue("passwdValidTo", "2001-01-01T00:00:00");
        }), "--live");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(await AcceptsAsync("Expired1"), "an expired password was accepted");
        Assert.Contains("passwdValidTo='2001-01-01T00:00:00'", (await rig.BothOkAsync("dumpxml", name)).Virsh);
        r = await rig.VirshAsync("update-device", name, await DisplayAsync(g =>
        {
            g.SetAttributeValue("passwd", "Again123");
            g.SetAttributeValue("passwdValidTo", null);
        }), "--live");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(await AcceptsAsync("Again123"), "a password without an expiry was refused after an expired one");

        // What cannot change on a running display is refused by name, and the password stays as it was.
        var refusals = new (Action<System.Xml.Linq.XElement> Edit, string Error)[]
        {
            (g => { g.SetAttributeValue("autoport", "no"); g.SetAttributeValue("port", "5999"); g.SetAttributeValue("passwd", "Nope1234"); },
                $"error: Operation not supported: cannot change autoport, port of the VNC display of running domain '{name}': only passwd, passwdValidTo and connected change live"),
            (g => { g.SetAttributeValue("keymap", "de"); g.SetAttributeValue("passwd", "Nope1234"); }, "cannot change keymap of the VNC display"),
            (g => { g.SetAttributeValue("connected", "disconnect"); g.SetAttributeValue("passwd", "Nope1234"); }, "connected='disconnect' is not supported for the VNC display"),
        };
        foreach (var (edit, error) in refusals)
        {
            var args = new[] { "update-device", name, await DisplayAsync(edit), "--live" };
            var virsh = await rig.VirshAsync(args);
            Assert.Equal(1, virsh.ExitCode);
            Assert.Contains(error, virsh.Stderr);
            var vireo = await rig.VireoAsync(args);
            Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
        }
        Assert.True(await AcceptsAsync("Again123"), "a refused update changed the password");
        Assert.False(await AcceptsAsync("Nope1234"));
        Assert.Contains("passwd='Again123'", (await rig.BothOkAsync("dumpxml", name, "--security-info")).Virsh);

        // Displays are not hot-plugged.
        var attach = await rig.VirshAsync("attach-device", name, await DisplayAsync(_ => { }), "--live");
        Assert.Contains($"cannot attach a <graphics> device of domain '{name}': displays are not hot-plugged", attach.Stderr);

        // No password reached a log.
        foreach (var pw in new[] { "Virsh123", "Vireo123", "Expired1", "Again123" })
        {
            Assert.DoesNotContain(pw, rig.Logs.All);
            Assert.DoesNotContain(pw, rig.LogFiles());
        }
    }

    [Fact]
    public async Task ADisplayOnAUnixSocket()
    {
        await using var rig = await ServedEngine.StartAsync();
        var socket = Path.Combine(rig.RootPath, "vnc.sock");
        var name = await rig.StartGuestAsync("vncsock", GraphicsXml.With($"<graphics type='vnc'><listen type='socket' socket='{socket}'/></graphics>", GraphicsXml.Vga));

        var (virsh, vireo) = await rig.BothOkAsync("domdisplay", name);
        Assert.Equal($"vnc+unix://{socket}\n", virsh);
        Assert.Equal(virsh, vireo);
        var noPort = await rig.VirshAsync("vncdisplay", name);
        Assert.Equal("error: Failed to get VNC port. Is this domain using VNC?", noPort.Stderr.Trim());
        Assert.Equal(noPort.Stderr, (await rig.VireoAsync("vncdisplay", name)).Stderr);

        Assert.Equal("unix", (string?)(await rig.QmpAsync(name, QmpCommands.QueryVnc()))!["family"]);
        await using var rfb = await RfbClient.ConnectUnixAsync(socket);
        Assert.Equal("RFB 003.008\n", rfb.Banner);
        Assert.Equal([RfbClient.SecurityNone], rfb.SecurityTypes);
    }

    [Fact]
    public async Task DisplayCommandsNeedARunningDomainWithADisplay()
    {
        await using var rig = await ServedEngine.StartAsync();
        var stopped = await rig.DefineGuestAsync("vncoff", GraphicsXml.With("<graphics type='vnc' autoport='yes'/>"));
        var bare = await rig.StartGuestAsync("vncnone");
        (string[] Args, string Error)[] cases =
        [
            (["domdisplay", stopped], "error: Domain is not running"),
            (["vncdisplay", stopped], "error: Domain is not running"),
            (["domdisplay", bare], "error: No graphical display found"),
            (["domdisplay", bare, "--type", "spice"], "error: No graphical display with type 'spice' found"),
            (["vncdisplay", bare], "error: Failed to get VNC port. Is this domain using VNC?"),
        ];
        foreach (var (args, error) in cases)
        {
            var virsh = await rig.VirshAsync(args);
            var vireo = await rig.VireoAsync(args);
            Assert.Equal(error, virsh.Stderr.Trim());
            Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
        }
    }
}
