using System.Text.Json;
using Vireo.Core.Errors;
using Vireo.Drivers.HostInterfaces;
using Vireo.IntegrationTests.Support;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// The net device reader on the real kernel (test interfaces in the host's namespace) and on fake trees laid out
/// from the golden snapshots (tests/Vireo.Core.Tests/Data/HostInterfaces): read back through libvirt's rules, a
/// tree must give the outputs libvirtd 9.0 gave for the same devices.
/// </summary>
[Collection(HostInterfaceCollection.Name)]
public sealed class NetSysfsScannerTests
{
    [Theory]
    [InlineData("host")]
    [InlineData("fake")]
    public void A_snapshots_tree_reads_back_as_libvirtd_answered(string set)
    {
        var dir = Path.Combine(BusyboxRootfs.RepoRoot(), "tests", "Vireo.Core.Tests", "Data", "HostInterfaces", set);
        using var root = new TempRoot();
        var (sys, proc) = (Path.Combine(root.Path, "sys"), Path.Combine(root.Path, "proc"));
        SysfsTree.Materialize(sys, File.ReadAllText(Path.Combine(dir, "sysfs.txt")), (device, kind, rest) =>
        {
            switch (kind)
            {
                case "brif":
                    var brif = Directory.CreateDirectory(Path.Combine(device, "brif")).FullName;
                    foreach (var port in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)) File.WriteAllText(Path.Combine(brif, port), "");
                    return true;
                case "entry":
                    File.WriteAllText(Path.Combine(device, rest), "");
                    return true;
                case "vlan":
                    var vlan = Directory.CreateDirectory(Path.Combine(proc, "net", "vlan")).FullName;
                    File.WriteAllText(Path.Combine(vlan, Path.GetFileName(device)), JsonSerializer.Deserialize<string>(rest));
                    return true;
                default:
                    return false;
            }
        });
        IHostInterfaces interfaces = new Drivers.HostInterfaces.HostInterfaces(new NetSysfsScanner(sys, proc));

        var errors = File.ReadAllLines(Path.Combine(dir, "errors.out")).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        var names = Directory.EnumerateFileSystemEntries(Path.Combine(sys, "class", "net")).Select(Path.GetFileName).OfType<string>().ToList();
        Assert.Equal(errors.Count + Directory.GetFiles(dir, "*.xml").Length, names.Count);
        foreach (var name in names)
        {
            if (errors.TryGetValue(name, out var error))
                Assert.Equal(error, "error: " + Assert.Throws<VirException>(() => interfaces.GetXmlDesc(name, 0)).Message);
            else
                Assert.Equal(File.ReadAllText(Path.Combine(dir, name + ".xml")), interfaces.GetXmlDesc(name, 0) + "\n");
        }
        var listed = File.ReadAllLines(Path.Combine(dir, "record.out")).Single(l => l.StartsWith("listAllInterfaces(0) ", StringComparison.Ordinal));
        Assert.Equal(listed, "listAllInterfaces(0) " + string.Join(' ', interfaces.ListAll(0).Select(i => $"{i.Name}={i.Mac}/{(interfaces.IsActive(i.Name) ? 1 : 0)}")));
    }

    [Fact]
    public async Task The_kernels_bridge_its_port_and_a_dotted_name_read_as_they_are()
    {
        await using var links = await HostTestLinks.CreateAsync();
        var scanner = new NetSysfsScanner();
        var bridge = scanner.Read(links.Bridge)!;
        Assert.Equal(($"/sys/devices/virtual/net/{links.Bridge}", "bridge", links.BridgeMac, "up"), (bridge.SysPath, bridge.DevType, bridge.Attr("address"), bridge.Attr("operstate")));
        Assert.Equal([links.Port], bridge.BridgePorts);
        Assert.Equal(("0", "0"), (bridge.Attr("bridge/forward_delay"), bridge.Attr("bridge/stp_state")));
        var port = scanner.Read(links.Port)!;
        Assert.True(port.Has("brport/state"));
        Assert.Null(port.BridgePorts);
        Assert.Equal(HostTestLinks.Sysfs(links.Port, "speed"), port.Attr("speed"));
        var dotted = scanner.Read(links.Dotted)!;
        Assert.Equal(($"/proc/net/vlan/{links.Dotted}", null, "No such file or directory", 2), (dotted.VlanProc!.Path, dotted.VlanProc.Text, dotted.VlanProc.Error, dotted.VlanProc.Errno));
        Assert.Null(scanner.Read(links.Bridge + "x"));
        Assert.Null(scanner.Read(".."));
        Assert.Null(scanner.Read($"../net/{links.Bridge}"));
        Assert.Contains(scanner.ScanAll(), d => d.Name == links.Peer);
    }
}
