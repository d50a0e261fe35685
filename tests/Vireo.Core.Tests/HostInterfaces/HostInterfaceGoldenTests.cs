using System.Text;
using Vireo.Core.Errors;
using Vireo.Core.HostInterfaces;

namespace Vireo.Core.Tests.HostInterfaces;

/// <summary>
/// Net device snapshots (Data/HostInterfaces/*/sysfs.txt) against what Debian's libvirtd 9.0 answered for the
/// same devices (the files beside them, recorded by capture-libvirtd.sh): "host" is this machine with test
/// bridges, veths, a tap and a vxlan; "fake" is made-up bonds, VLANs, bridges and broken devices libvirtd read
/// from a tree mounted over its sysfs, since this kernel can make no bond or VLAN.
/// </summary>
public sealed class HostInterfaceGoldenTests
{
    public static TheoryData<string> Sets => ["host", "fake"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_interface_XML_or_error_is_libvirtds(string set)
    {
        var devices = HostNetFixture.Load(set);
        var calls = HostNetFixture.Calls(devices);
        var dir = Path.Combine(HostNetFixture.DataDir, set);
        var errors = File.ReadAllLines(Path.Combine(dir, "errors.out")).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);
        Assert.NotEmpty(devices);
        foreach (var d in devices)
        {
            var xmlFile = Path.Combine(dir, d.Name + ".xml");
            if (File.Exists(xmlFile))
                Assert.Equal(File.ReadAllText(xmlFile), calls.GetXmlDesc(d.Name, 0) + "\n"); // virsh adds a newline
            else
                Assert.Equal(errors[d.Name], "error: " + Assert.Throws<VirException>(() => calls.GetXmlDesc(d.Name, 0)).Message);
        }
        Assert.Equal(devices.Count, Directory.GetFiles(dir, "*.xml").Length + errors.Count);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Lists_activity_and_lookups_by_name_and_mac_pattern_are_libvirtds(string set)
    {
        var devices = HostNetFixture.Load(set);
        Assert.Equal(File.ReadAllText(Path.Combine(HostNetFixture.DataDir, set, "record.out")), Record(HostNetFixture.Calls(devices), devices.Select(d => d.Name)));
    }

    /// <summary>record.py's lines, from our calls.</summary>
    private static string Record(HostInterfaceCalls c, IEnumerable<string> names)
    {
        var b = new StringBuilder();
        void Line(string s) => b.Append(s).Append('\n');
        static string Err(VirException e) => $"error {(int)e.Code} {(int)e.ErrorDomain} {e.Message}";
        Line($"numOfInterfaces {c.Names(active: true).Count}");
        Line($"listInterfaces {string.Join(' ', c.Names(active: true))}");
        Line($"numOfDefinedInterfaces {c.Names(active: false).Count}");
        Line($"listDefinedInterfaces {string.Join(' ', c.Names(active: false))}");
        foreach (var flags in new uint[] { 0, 1, 2, 3 })
            Line($"listAllInterfaces({flags}) {string.Join(' ', c.ListAll(flags).Select(i => $"{i.Name}={i.Mac}/{(c.IsActive(i.Name) ? 1 : 0)}"))}");
        var macs = new List<string>();
        foreach (var name in names)
        {
            try
            {
                var i = c.LookupByName(name);
                macs.Add(i.Mac);
                Line($"lookupByName {name} {i.Mac} {(c.IsActive(name) ? 1 : 0)}");
            }
            catch (VirException e)
            {
                Line($"lookupByName {name} {Err(e)}");
            }
        }
        foreach (var mac in macs.Distinct().Order(StringComparer.Ordinal).Concat(["52:54:00:aa:*", "52:54:00:aa:00:1?", "*:0[0-9]", "[!5]*", "", "ff:ff:ff:ff:ff:ff"]))
        {
            try { Line($"lookupByMACString '{mac}' {c.LookupByMac(mac).Name}"); }
            catch (VirException e) { Line($"lookupByMACString '{mac}' {Err(e)}"); }
        }
        return b.ToString();
    }

    [Fact]
    public void Flags_libvirt_does_not_know_are_refused_in_its_words()
    {
        var calls = HostNetFixture.Calls(HostNetFixture.Load("host"));
        var list = Assert.Throws<VirException>(() => calls.ListAll(4));
        Assert.Equal((VirErrorCode.InvalidArg, VirErrorDomain.Interface, "unsupported flags (0x4) in function udevConnectListAllInterfaces", "udevConnectListAllInterfaces", 0),
            (list.Code, list.ErrorDomain, list.Message, list.Str1, list.Int1));
        Assert.Equal("unsupported flags (0x6) in function udevInterfaceGetXMLDesc", Assert.Throws<VirException>(() => calls.GetXmlDesc("eth0", 7)).Message);
        Assert.Equal(calls.GetXmlDesc("eth0", 0), calls.GetXmlDesc("eth0", 1)); // VIR_INTERFACE_XML_INACTIVE changes nothing
    }
}
