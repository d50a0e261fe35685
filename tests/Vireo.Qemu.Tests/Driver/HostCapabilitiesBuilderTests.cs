using Vireo.Core.Capabilities;
using Vireo.Platform.Host;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>Host facts to the &lt;capabilities&gt; model: cells, CPUs, distances, pages and pause-loop exiting.</summary>
public sealed class HostCapabilitiesBuilderTests
{
    private static HostSnapshot TwoNodes(PleSettings ple, bool kvmUsable = false) => new(
        "x86_64",
        CpuInfo.Parse("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Test CPU\ncpu MHz\t\t: 2100.000\nphysical id\t: 0\ncpu cores\t: 2\nflags\t\t: fpu vmx\n\n" +
                      "processor\t: 1\nvendor_id\t: GenuineIntel\nphysical id\t: 0\ncpu cores\t: 2\n\n" +
                      "processor\t: 2\nvendor_id\t: GenuineIntel\nphysical id\t: 1\ncpu cores\t: 2\n\n" +
                      "processor\t: 3\nvendor_id\t: GenuineIntel\nphysical id\t: 1\ncpu cores\t: 2\n"),
        [
            new NumaNode(0, [0, 1], 4UL << 30, 1UL << 30, [10, 21]),
            new NumaNode(1, [2, 3], 4UL << 30, 2UL << 30, [21, 10]),
        ],
        [new HostCpuLocation(0, 0, 0, 0, "0"), new HostCpuLocation(1, 0, 0, 1, "1"), new HostCpuLocation(2, 1, 0, 0, "2"), new HostCpuLocation(3, 1, 0, 1, "3")],
        [2048],
        new Dictionary<(int, ulong), ulong> { [(0, 2048)] = 16, [(1, 2048)] = 0 },
        new KvmStatus(kvmUsable, kvmUsable ? "KVM is usable (Intel VT-x)." : "KVM is not usable: test."),
        ple,
        Iommu: false);

    [Fact]
    public void Cells_CarryMemoryPagesDistancesAndTheirCpus()
    {
        var caps = HostCapabilitiesBuilder.Build(TwoNodes(new PleSettings(null, null, null, null)), null);
        Assert.Equal(2, caps.Host.Cells.Count);
        var cell1 = caps.Host.Cells[1];
        Assert.Equal(4UL << 20, cell1.MemoryKiB);
        Assert.Equal([(0, 21), (1, 10)], cell1.Distances);
        Assert.Equal([2, 3], cell1.Cpus.Select(c => c.Id));
        Assert.Equal(1, cell1.Cpus[0].SocketId);
        Assert.Contains((2048UL, 16UL), caps.Host.Cells[0].Pages);
        Assert.Equal(new CpuTopology(2, 1, 2, 1), caps.Host.Cpu.Topology);
        Assert.Equal("Intel", caps.Host.Cpu.Vendor);
        Assert.Equal([4UL, 2048UL], caps.Host.Cpu.PageSizesKiB);
        Assert.Empty(caps.Guests); // no emulator probed: no guest entry rather than a made-up one
        Assert.Null(caps.Host.PauseLoopExiting);
    }

    [Fact]
    public void PauseLoopExiting_FromKvmIntel()
    {
        var caps = HostCapabilitiesBuilder.Build(TwoNodes(new PleSettings(128, 4096, null, null)), null);
        Assert.Equal(new PauseLoopExiting("kvm_intel", 128, 4096, null, null), caps.Host.PauseLoopExiting);
        Assert.Contains("<!-- pause-loop exiting (kvm_intel): ple_gap=128 ple_window=4096 -->", CapabilitiesXml.Format(caps));
    }

    [Fact]
    public void PauseLoopExiting_FromKvmAmd()
    {
        var caps = HostCapabilitiesBuilder.Build(TwoNodes(new PleSettings(null, null, 3000, 0)), null);
        Assert.Equal(new PauseLoopExiting("kvm_amd", null, null, 3000, 0), caps.Host.PauseLoopExiting);
    }
}
