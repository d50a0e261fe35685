using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>Debian's virsh asking the QEMU driver about the connection and the host, compared with the host itself.</summary>
[Collection(GuestServerCollection.Name)]
public sealed class HostCommandsTests(GuestServer s)
{
    [Fact]
    public async Task Version_hostname_and_uri_come_from_the_qemu_driver()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        var qemu = await Cli.RunAsync("/usr/bin/qemu-system-x86_64", ["--version"]);
        var qemuVersion = Regex.Match(qemu.Stdout, @"version (\d+\.\d+\.\d+)").Groups[1].Value;
        // "Using API: QEMU" is virConnectGetType's answer (virsh has no command of its own for it).
        Assert.Equal(
            "Compiled against library: libvirt 9.0.0\n" +
            "Using library: libvirt 9.0.0\n" +
            "Using API: QEMU 9.0.0\n" +
            $"Running hypervisor: QEMU {qemuVersion}\n\n", await s.VirshOk("version"));
        Assert.Equal(Environment.MachineName, (await s.VirshOk("hostname")).Trim());
        Assert.Equal(s.Uri + "\n\n", await s.VirshOk("uri")); // virsh prints the URI it opened, as with libvirtd
    }

    [Fact]
    public async Task Capabilities_domcapabilities_and_sysinfo_describe_this_host()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        var caps = await s.VirshOk("capabilities");
        Assert.StartsWith("<capabilities>", caps);
        Assert.Contains("<arch>x86_64</arch>", caps);
        Assert.Contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>", caps);
        Assert.Contains("<domain type='qemu'", caps);
        var domcaps = await s.VirshOk("domcapabilities", "--virttype", "qemu");
        Assert.StartsWith("<domainCapabilities>", domcaps);
        Assert.Contains("<path>/usr/bin/qemu-system-x86_64</path>", domcaps);
        Assert.Contains("<domain>qemu</domain>", domcaps);
        var sysinfo = await s.VirshOk("sysinfo");
        Assert.StartsWith("<sysinfo type='smbios'>", sysinfo);
    }

    [Fact]
    public async Task Nodeinfo_and_node_memory_and_cpu_stats_match_the_kernels_figures()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        var nodeinfo = await s.VirshOk("nodeinfo");
        Assert.Contains("CPU model:           x86_64\n", nodeinfo);
        Assert.Contains($"CPU(s):              {Environment.ProcessorCount}\n", nodeinfo);
        var memTotal = MemInfoKiB("MemTotal");
        Assert.Contains($"Memory size:         {memTotal} KiB\n", nodeinfo);

        var mem = Fields(await s.VirshOk("nodememstats"));
        Assert.Equal(memTotal, mem["total"]);
        Assert.InRange(mem["free"], 1, memTotal);
        Assert.True(mem.ContainsKey("buffers") && mem.ContainsKey("cached"), string.Join(", ", mem.Keys));

        var cpu = Fields(await s.VirshOk("nodecpustats"));
        Assert.Equal(["idle", "iowait", "system", "user"], cpu.Keys.Order());
        Assert.True(cpu["user"] > 0 && cpu["idle"] > 0, "the host has spent time in user mode and idle");
        var percent = await s.VirshOk("nodecpustats", "--percent");
        Assert.Matches(@"usage:\s+[0-9.]+%", percent);
    }

    private static long MemInfoKiB(string field) =>
        long.Parse(Regex.Match(File.ReadAllText("/proc/meminfo"), $@"^{field}:\s+(\d+) kB", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>virsh's "name :  value unit" lines.</summary>
    private static Dictionary<string, long> Fields(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Regex.Match(l, @"^(\w+)\s*:\s*(\d+)"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
}
