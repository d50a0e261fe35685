using Vireo.Core.Capabilities;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>Host facts plus the emulator's probe, as libvirt's &lt;capabilities&gt;. Pure.</summary>
internal static class HostCapabilitiesBuilder
{
    public static HostCapabilities Build(HostSnapshot host, QemuEmulatorCaps? caps)
    {
        var sockets = Math.Max(1, host.Cpu.Sockets);
        return new HostCapabilities
        {
            Host = new HostDescription
            {
                Cpu = new HostCpu
                {
                    Arch = host.Arch,
                    Model = host.CpuModel?.Model,
                    Vendor = host.CpuModel?.Vendor ?? host.Cpu.Vendor switch { "GenuineIntel" => "Intel", "AuthenticAMD" => "AMD", "" => null, var v => v },
                    Microcode = host.Cpu.Microcode,
                    Signature = host.CpuModel is { } m ? new CpuSignature(m.Family, m.ModelNumber, m.Stepping) : null,
                    Topology = new CpuTopology(sockets, 1, Math.Max(1, host.Cpu.CoresPerSocket), Math.Max(1, host.Cpu.ThreadsPerCore)),
                    MaxPhysAddrBits = host.Cpu.PhysicalAddressBits,
                    Features = host.CpuModel?.Required ?? [],
                    PageSizesKiB = [4, .. host.HugePageSizesKiB],
                },
                IommuSupport = host.Iommu,
                Cells = host.Nodes.Select(n => new NumaCell
                {
                    Id = n.Id,
                    MemoryKiB = n.MemoryBytes / 1024,
                    Pages = [(4UL, n.MemoryBytes / 4096), .. host.HugePageSizesKiB.Select(s => (s, host.HugePagesPerNode.GetValueOrDefault((n.Id, s))))],
                    Distances = n.Distances.Select((d, i) => (host.Nodes.Count > i ? host.Nodes[i].Id : i, d)).ToList(),
                    Cpus = host.Cpus.Where(c => n.Cpus.Contains(c.Id))
                        .Select(c => new NumaCpu(c.Id, c.Socket, c.Die, c.Core, c.Siblings)).ToList(),
                }).ToList(),
                SecurityModels = [new SecurityModel("none", "0", [])],
                PauseLoopExiting = Ple(host),
            },
            Guests = caps is null ? [] : [QemuCapsDocuments.Guest(caps, host.Kvm.Usable)],
        };
    }

    private static PauseLoopExiting? Ple(HostSnapshot host)
    {
        var p = host.Ple;
        if (p.PleGap is not null || p.PleWindow is not null)
            return new PauseLoopExiting("kvm_intel", p.PleGap, p.PleWindow, null, null);
        if (p.PauseFilterCount is not null || p.PauseFilterThreshold is not null)
            return new PauseLoopExiting("kvm_amd", null, null, p.PauseFilterCount, p.PauseFilterThreshold);
        return null;
    }
}
