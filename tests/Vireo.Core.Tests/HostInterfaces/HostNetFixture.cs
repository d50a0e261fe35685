using System.Text.Json;
using Vireo.Core.HostInterfaces;
using Vireo.Core.Tests.NodeDevices;

namespace Vireo.Core.Tests.HostInterfaces;

/// <summary>
/// Reads the net device snapshots of Data/HostInterfaces (written by netfixture.py there): SysfsFixture's
/// blocks plus "brif A B ..." (brif/'s entries), "entry NAME" (the device directory's slave_ entries) and
/// "vlan JSON-STRING" (/proc/net/vlan/NAME).
/// </summary>
public static class HostNetFixture
{
    public static string DataDir => Path.Combine(AppContext.BaseDirectory, "Data", "HostInterfaces");

    public static IReadOnlyList<HostNetDevice> Load(string set) => Parse(File.ReadAllText(Path.Combine(DataDir, set, "sysfs.txt")));

    public static IReadOnlyList<HostNetDevice> Parse(string text)
    {
        var devices = new List<HostNetDevice>();
        foreach (var block in text.Replace("\r", "").Split("\n\n"))
        {
            var lines = block.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
            if (lines.Count == 0) continue;
            List<string>? brif = null;
            var entries = new List<string>();
            string? vlan = null;
            var rest = new List<string>();
            foreach (var line in lines)
            {
                if (line == "brif" || line.StartsWith("brif ", StringComparison.Ordinal)) brif = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
                else if (line.StartsWith("entry ", StringComparison.Ordinal)) entries.Add(line["entry ".Length..]);
                else if (line.StartsWith("vlan ", StringComparison.Ordinal)) vlan = JsonSerializer.Deserialize<string>(line["vlan ".Length..]);
                else rest.Add(line);
            }
            var sysfs = SysfsFixture.Parse(string.Join('\n', rest)).Single();
            devices.Add(new HostNetDevice(sysfs)
            {
                BridgePorts = brif,
                SlaveEntries = entries,
                VlanProc = vlan is null ? null : new FileText($"/proc/net/vlan/{sysfs.SysName}", vlan),
            });
        }
        return devices;
    }

    /// <summary>libvirt's calls over the snapshot.</summary>
    public static HostInterfaceCalls Calls(IReadOnlyList<HostNetDevice> devices) =>
        new(() => devices, name => devices.FirstOrDefault(d => d.Name == name));
}
