using System.Globalization;
using System.Text;
using Vireo.Core.Capabilities;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Host questions for qemu:// connections, answered from /proc and /sys (through Platform's parsers) and
/// the default emulator's probe. Never touches a domain, so never waits for a job.
/// </summary>
internal sealed class QemuHostInfo(QemuEmulators emulators, QemuDriverOptions options) : IHostInfo
{
    /// <summary>CPUs' times in /proc/stat are in USER_HZ ticks; libvirt reports nanoseconds.</summary>
    private const ulong NsPerTick = 10_000_000;

    /// <summary>VIR_NODE_MEMORY_STATS_ALL_CELLS / VIR_NODE_CPU_STATS_ALL_CPUS.</summary>
    private const int All = -1;

    public string HypervisorType => "QEMU";

    public ulong HypervisorVersion => emulators.Default?.Version.Number ?? 0;

    public string CanonicalUri => options.CanonicalUri;

    public string Hostname() => HostFacts.Hostname();

    public string CapabilitiesXml() => Core.Capabilities.CapabilitiesXml.Format(HostCapabilitiesBuilder.Build(HostSnapshot.Read(), emulators.Default));

    public string DomainCapabilitiesXml(string? emulator, string? arch, string? machine, string? virtType)
    {
        var caps = emulator is null || emulator == emulators.DefaultPath
            ? emulators.RequireDefault()
            : throw VirErrors.Unsupported($"only the emulator {emulators.DefaultPath} is probed by this host; '{emulator}' is not", VirErrorDomain.Qemu);
        var kvm = KvmProbe.Check();
        var model = DomainCapabilitiesBuilder.Build(caps, kvm.Usable, kvm.Reason, arch, machine, virtType);
        return Core.Capabilities.DomainCapabilitiesXml.Format(model);
    }

    public NodeInfo NodeInfo()
    {
        var cpu = CpuInfo.Read();
        var nodes = NumaTopology.Read();
        var online = HostSnapshot.OnlineCpus().Count;
        var mem = MemInfo.Read();
        // libvirt's nodeinfo: sockets are per NUMA node.
        var socketsPerNode = Math.Max(1, cpu.Sockets / Math.Max(1, nodes.Count));
        return new NodeInfo(HostSnapshot.Read().Arch, mem.TotalBytes / 1024, online, (int)Math.Round(cpu.Mhz), nodes.Count,
            socketsPerNode, Math.Max(1, cpu.CoresPerSocket), Math.Max(1, cpu.ThreadsPerCore));
    }

    public string SysinfoXml()
    {
        // libvirt reads SMBIOS through dmidecode; the same facts are in /sys/class/dmi/id (absent on some VMs).
        const string dmi = "/sys/class/dmi/id";
        string? Read(string f) => File.Exists(Path.Combine(dmi, f)) ? File.ReadAllText(Path.Combine(dmi, f)).Trim() : null;
        var sb = new StringBuilder("<sysinfo type='smbios'>\n");
        void Section(string name, params (string Entry, string File)[] entries)
        {
            var present = entries.Select(e => (e.Entry, Value: Read(e.File))).Where(e => !string.IsNullOrEmpty(e.Value)).ToList();
            if (present.Count == 0) return;
            sb.Append("  <").Append(name).Append(">\n");
            foreach (var (entry, value) in present)
                sb.Append("    <entry name='").Append(entry).Append("'>").Append(System.Security.SecurityElement.Escape(value)).Append("</entry>\n");
            sb.Append("  </").Append(name).Append(">\n");
        }
        Section("bios", ("vendor", "bios_vendor"), ("version", "bios_version"), ("date", "bios_date"), ("release", "bios_release"));
        Section("system", ("manufacturer", "sys_vendor"), ("product", "product_name"), ("version", "product_version"),
            ("serial", "product_serial"), ("uuid", "product_uuid"), ("sku", "product_sku"), ("family", "product_family"));
        Section("baseBoard", ("manufacturer", "board_vendor"), ("product", "board_name"), ("version", "board_version"), ("serial", "board_serial"), ("asset", "board_asset_tag"));
        Section("chassis", ("manufacturer", "chassis_vendor"), ("version", "chassis_version"), ("serial", "chassis_serial"), ("asset", "chassis_asset_tag"));
        sb.Append("</sysinfo>\n");
        return sb.ToString();
    }

    public IReadOnlyList<NodeStat> NodeMemoryStats(int cell)
    {
        if (cell == All)
        {
            var m = MemInfo.Read();
            return [new("total", m.TotalBytes / 1024), new("free", m.FreeBytes / 1024), new("buffers", m.BuffersBytes / 1024), new("cached", m.CachedBytes / 1024)];
        }
        var node = NumaTopology.Read().FirstOrDefault(n => n.Id == cell)
            ?? throw VirErrors.InvalidArg(string.Create(CultureInfo.InvariantCulture, $"Invalid cell number {cell}: this host has NUMA cells {string.Join(", ", NumaTopology.Read().Select(n => n.Id))}"));
        return [new("total", node.MemoryBytes / 1024), new("free", node.FreeBytes / 1024)];
    }

    public IReadOnlyList<NodeStat> NodeCpuStats(int cpu)
    {
        var all = CpuTimes.Read();
        var t = cpu == All ? all.FirstOrDefault(c => c.Cpu is null) : all.FirstOrDefault(c => c.Cpu == cpu);
        if (t is null) throw VirErrors.InvalidArg(string.Create(CultureInfo.InvariantCulture, $"Invalid cpuNum {cpu}: CPU {cpu} is not online"));
        return
        [
            new("kernel", (t.System + t.Irq + t.SoftIrq) * NsPerTick),
            new("user", (t.User + t.Nice) * NsPerTick),
            new("idle", t.Idle * NsPerTick),
            new("iowait", t.IoWait * NsPerTick),
        ];
    }

    public IReadOnlyList<ulong> CellsFreeMemory(int startCell, int maxCells)
    {
        var nodes = NumaTopology.Read();
        if (startCell < 0 || startCell > nodes.Max(n => n.Id))
            throw VirErrors.InvalidArg(string.Create(CultureInfo.InvariantCulture, $"start cell {startCell} out of range (0-{nodes.Max(n => n.Id)})"));
        return nodes.Where(n => n.Id >= startCell).Take(Math.Max(0, maxCells)).Select(n => n.FreeBytes).ToList();
    }

    public ulong FreeMemory() => MemInfo.Read().FreeBytes;

    public IReadOnlyList<bool> CpuMap()
    {
        var online = HostSnapshot.OnlineCpus().ToHashSet();
        return Enumerable.Range(0, HostSnapshot.PossibleCpuCount()).Select(online.Contains).ToArray();
    }

    public int MaxVcpus(string? type) => (type ?? "qemu").ToLowerInvariant() switch
    {
        // libvirt answers 16 for TCG (qemuConnectGetMaxVcpus); the machine type's own limit is in domcapabilities.
        "qemu" => 16,
        "kvm" when KvmProbe.Check() is { Usable: true } => emulators.Default?.DefaultMachine?.MaxCpus ?? 255,
        "kvm" => throw VirErrors.Unsupported($"domain type 'kvm' cannot run here. {KvmProbe.Check().Reason}", VirErrorDomain.Qemu),
        var other => throw VirErrors.InvalidArg($"unknown type '{other}'"),
    };
}
