using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.NodeDevices;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// vireod and Debian's libvirtd 9.0, both on this machine at once with the same test interfaces in the host's
/// namespace, asked the same things by the same virsh and python-libvirt: every line must agree (lists, each
/// interface's XML or error, MAC lookups, refusals read-write and read-only), for vireod's lxc:/// as well.
/// </summary>
[Collection(HostInterfaceCollection.Name)]
public sealed class HostInterfaceLibvirtdParityTests
{
    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd_on_this_host()
    {
        VirshRequired.Check();
        await using var links = await HostTestLinks.CreateAsync();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var ourRo = $"qemu+unix:///system?socket={ro}";
        Task Both(bool readOnly, params string[] args) =>
            libvirtd.VirshSameAsync(readOnly ? libvirtd.ReadOnlyUri : libvirtd.Uri, readOnly ? ourRo : served.Uri, args);

        foreach (var list in new[] { new[] { "iface-list" }, ["iface-list", "--all"], ["iface-list", "--inactive"] })
            await Both(false, list);
        // Every net device of the host, listed or not (bridge ports, taps), and the test's.
        var names = Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>()
            .Where(n => File.Exists($"/sys/class/net/{n}/uevent")).ToList();
        Assert.Contains(links.Port, names);
        foreach (var n in names.Append("nosuch"))
        {
            await Both(false, "iface-dumpxml", n);
            await Both(false, "iface-mac", n);
        }
        var macs = names.Select(n => HostTestLinks.Sysfs(n, "address")).Distinct().ToList();
        foreach (var mac in macs.Concat([links.BridgeMac.ToUpperInvariant(), "02:00:00:00:00:ff"]))
        {
            await Both(false, "iface-name", mac);
            await Both(false, "iface-dumpxml", mac, "--inactive");
        }

        var xml = served.WriteFile("iface.xml", $"<interface type='ethernet' name='{links.Bridge}x'><mac address='02:00:00:00:00:fe'/></interface>");
        string[][] changes =
        [
            ["iface-start", links.Bridge], ["iface-destroy", links.Bridge], ["iface-undefine", links.Bridge], ["iface-define", xml],
            ["iface-begin"], ["iface-commit"], ["iface-rollback"], ["iface-bridge", links.Peer, links.Bridge + "n"],
            ["iface-bridge", links.Peer, links.Bridge], ["iface-unbridge", links.Bridge], ["iface-unbridge", links.Peer],
        ];
        foreach (var args in changes)
        {
            await Both(false, args);
            await Both(true, args);
        }
        await Both(true, "iface-list", "--all");
        await Both(true, "iface-dumpxml", links.Bridge);
    }

    [Fact]
    public async Task Python_libvirt_sees_the_same_from_vireod_as_from_libvirtd_read_write_and_read_only()
    {
        await using var links = await HostTestLinks.CreateAsync();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var script = served.WriteFile("iface.py", HostInterfaceScript.Text);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", [script, .. HostInterfaceScript.Args(libvirtd.Uri, libvirtd.ReadOnlyUri, links)]);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", [script, .. HostInterfaceScript.Args(served.Uri, $"qemu+unix:///system?socket={ro}", links)]);
        Assert.Contains($"bridge {links.Bridge} {links.BridgeMac} 1", theirs);
        Assert.Equal(theirs, ours);
    }

    /// <summary>
    /// libvirtd's interface driver is shared by all its hypervisor drivers (virSetSharedInterfaceDriver), so its
    /// lxc:/// answers these calls exactly as its qemu:///system (checked by hand with Debian's
    /// libvirt-daemon-driver-lxc loaded into the sandbox; this machine does not install it). vireod's lxc:///, from a
    /// daemon running both drivers, must give libvirtd's qemu:///system answers.
    /// </summary>
    [Fact]
    public async Task Vireods_container_connection_answers_as_libvirtds_connections_do()
    {
        VirshRequired.Check();
        await using var links = await HostTestLinks.CreateAsync();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        using var root = new TempRoot();
        var drivers = DriverSet.Create(StateLayout.Under(root.Path), [DriverKind.Qemu, DriverKind.Lxc], null, NullLoggerFactory.Instance);
        await using var server = await VireoServer.StartAsync(drivers, NullLoggerFactory.Instance, null, CancellationToken.None);
        Assert.True(server.Drivers.Count == 2, "the container driver did not start (is its helper vireo-lxc built? scripts/setup.sh builds it), so there is no lxc:///");
        var (rw, ro) = (Path.Combine(root.Path, "sock"), Path.Combine(root.Path, "sock-ro"));
        await server.ListenAsync([ListenEndpoint.ReadWrite(rw), ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var script = Path.Combine(root.Path, "iface.py");
        File.WriteAllText(script, HostInterfaceScript.Text);

        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", [script, .. HostInterfaceScript.Args(libvirtd.Uri, libvirtd.ReadOnlyUri, links)]);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", [script, .. HostInterfaceScript.Args($"lxc+unix:///?socket={rw}", $"lxc+unix:///?socket={ro}", links)]);
        Assert.Equal(theirs, ours);
        foreach (var args in new[] { new[] { "iface-list", "--all" }, ["iface-dumpxml", links.Bridge], ["iface-name", links.BridgeMac], ["iface-start", links.Bridge] })
            await libvirtd.VirshSameAsync(libvirtd.Uri, $"lxc+unix:///?socket={rw}", args);
    }
}
