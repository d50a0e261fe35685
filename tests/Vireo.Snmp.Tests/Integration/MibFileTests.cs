using System.Diagnostics;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Integration;

/// <summary>mibs/LIBVIRT-MIB.txt loads in net-snmp and names exactly the OIDs the subagent serves.</summary>
public class MibFileTests
{
    public static string MibPath => $"{Path.Combine(AppContext.BaseDirectory, "MibStubs")}:{Path.Combine(AppContext.BaseDirectory, "Mibs")}";

    public static TheoryData<string, string> Names => new()
    {
        { "libvirtMIB", LibvirtMib.Root.ToString() },
        { "libvirtGuestNotif", LibvirtMib.GuestNotification.ToString() },
        { "libvirtGuestTable", LibvirtMib.GuestTable.ToString() },
        { "libvirtGuestEntry", LibvirtMib.GuestEntry.ToString() },
        { "libvirtGuestUUID", LibvirtMib.GuestEntry.Append((uint)GuestColumn.Uuid).ToString() },
        { "libvirtGuestName", LibvirtMib.GuestEntry.Append((uint)GuestColumn.Name).ToString() },
        { "libvirtGuestState", LibvirtMib.GuestEntry.Append((uint)GuestColumn.State).ToString() },
        { "libvirtGuestCpuCount", LibvirtMib.GuestEntry.Append((uint)GuestColumn.CpuCount).ToString() },
        { "libvirtGuestMemoryCurrent", LibvirtMib.GuestEntry.Append((uint)GuestColumn.MemoryCurrent).ToString() },
        { "libvirtGuestMemoryLimit", LibvirtMib.GuestEntry.Append((uint)GuestColumn.MemoryLimit).ToString() },
        { "libvirtGuestCpuTime", LibvirtMib.GuestEntry.Append((uint)GuestColumn.CpuTime).ToString() },
        { "libvirtGuestRowStatus", LibvirtMib.GuestEntry.Append((uint)GuestColumn.RowStatus).ToString() },
        { "libvirtCompliance", ".1.3.6.1.4.1.36957.2.1.1" },
        { "libvirtGuestGroup", ".1.3.6.1.4.1.36957.2.2.1" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Snmptranslate_resolves_each_name_to_the_served_oid(string name, string oid)
    {
        MachineSetUp.Require(NetSnmp.Installed("snmptranslate"), "net-snmp's snmptranslate (Debian package snmp)");
        using var conf = new TempDir("vmib");
        var psi = new ProcessStartInfo("snmptranslate") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-M", MibPath, "-m", "LIBVIRT-MIB", "-On", "LIBVIRT-MIB::" + name }) psi.ArgumentList.Add(a);
        psi.Environment["SNMPCONFPATH"] = conf.Path;
        psi.Environment["SNMP_PERSISTENT_DIR"] = conf.Path;
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        // No parse warnings; net-snmp's note about creating its persistent dir is not one.
        var warnings = string.Join('\n', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Created directory:", StringComparison.Ordinal)));
        Assert.Equal("", warnings);
        Assert.Equal(oid, stdout.Trim());
    }
}
