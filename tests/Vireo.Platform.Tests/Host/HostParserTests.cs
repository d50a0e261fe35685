using Vireo.Platform.Host;

namespace Vireo.Platform.Tests.Host;

public class HostParserTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3,8,10-11\n", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("", new int[0])]
    public void CpuListParses(string text, int[] expected) => Assert.Equal(expected, CpuList.Parse(text));

    [Fact]
    public void CpuListFormatsRanges() => Assert.Equal("0-2,5,7-8", CpuList.Format([8, 0, 1, 2, 5, 7]));

    [Fact]
    public void CpuListRejectsGarbage()
    {
        var e = Assert.Throws<FormatException>(() => CpuList.Parse("0-x"));
        Assert.Contains("'x'", e.Message);
        Assert.Throws<FormatException>(() => CpuList.Parse("5-2"));
    }

    [Fact]
    public void MemInfoConvertsKilobytes()
    {
        var m = MemInfo.Parse("MemTotal:       24575508 kB\nMemFree:        20000000 kB\nMemAvailable:   21000000 kB\nHugePages_Total:       4\n");
        Assert.Equal(24575508UL * 1024, m.TotalBytes);
        Assert.Equal(21000000UL * 1024, m.AvailableBytes);
        Assert.Equal(4UL, m.Get("HugePages_Total"));
    }

    [Fact]
    public void NodeMemInfoStripsThePrefix()
    {
        var m = MemInfo.Parse("Node 0 MemTotal:       24575508 kB\nNode 0 MemFree:        1024 kB\n");
        Assert.Equal(24575508UL * 1024, m.TotalBytes);
        Assert.Equal(1024UL * 1024, m.FreeBytes);
    }

    [Fact]
    public void ProcStatCpuLines()
    {
        var t = CpuTimes.Parse("cpu  100 2 30 4000 5 6 7 8 0 0\ncpu0 50 1 15 2000 2 3 3 4 0 0\nintr 12345\n");
        Assert.Equal(2, t.Count);
        Assert.Null(t[0].Cpu);
        Assert.Equal(0, t[1].Cpu);
        Assert.Equal(100UL + 2 + 30 + 4000 + 5 + 6 + 7 + 8, t[0].Total);
        Assert.Equal(2000UL, t[1].Idle);
    }

    private const string CpuinfoFixture = """
        processor	: 0
        vendor_id	: GenuineIntel
        model name	: Intel(R) Xeon(R) Processor
        cpu MHz		: 2299.996
        physical id	: 0
        core id		: 0
        cpu cores	: 2
        flags		: fpu vme sse2 vmx hypervisor

        processor	: 1
        vendor_id	: GenuineIntel
        model name	: Intel(R) Xeon(R) Processor
        cpu MHz		: 2299.996
        physical id	: 0
        core id		: 1
        cpu cores	: 2
        flags		: fpu vme sse2 vmx hypervisor

        """;

    [Fact]
    public void CpuInfoTopologyAndFlags()
    {
        var c = CpuInfo.Parse(CpuinfoFixture);
        Assert.Equal("Intel(R) Xeon(R) Processor", c.Model);
        Assert.Equal(2299.996, c.Mhz, 3);
        Assert.Equal((2, 1, 2, 1), (c.LogicalCpus, c.Sockets, c.CoresPerSocket, c.ThreadsPerCore));
        Assert.Contains("vmx", c.Flags);
        Assert.Equal("GenuineIntel", c.Vendor);
        Assert.Null(c.Microcode); // a virtual machine's kernel often does not say
        Assert.Null(c.PhysicalAddressBits);
    }

    [Fact]
    public void CpuInfoMicrocodeAndAddressWidth()
    {
        var c = CpuInfo.Parse("processor\t: 0\nvendor_id\t: AuthenticAMD\nmicrocode\t: 0xa0011d1\naddress sizes\t: 48 bits physical, 57 bits virtual\n");
        Assert.Equal(0xa0011d1u, c.Microcode);
        Assert.Equal(48, c.PhysicalAddressBits);
    }

    [Fact]
    public void KvmProbeExplainsEachCause()
    {
        Assert.Contains("/dev/kvm does not exist", KvmProbe.Evaluate(false, false, CpuinfoFixture).Reason);
        var pvm = KvmProbe.Evaluate(true, true, CpuinfoFixture);
        Assert.False(pvm.Usable);
        Assert.Contains("kvm_pvm", pvm.Reason);
        var noFlags = KvmProbe.Evaluate(true, false, CpuinfoFixture.Replace(" vmx", ""));
        Assert.False(noFlags.Usable);
        Assert.Contains("neither vmx", noFlags.Reason);
        Assert.True(KvmProbe.Evaluate(true, false, CpuinfoFixture).Usable);
    }

    [Fact]
    public void KvmProbeOnThisHostGivesASentence()
    {
        var status = KvmProbe.Check();
        Assert.EndsWith(".", status.Reason);
        // The dev host is a kvm_pvm guest (qemu-probe §2): it must never be reported usable there.
        if (Directory.Exists("/sys/module/kvm_pvm"))
            Assert.False(status.Usable);
    }

    [Fact]
    public void NumaTopologyFromFixtureTree()
    {
        string root = Directory.CreateTempSubdirectory("vireo-numa-").FullName;
        try
        {
            foreach (var (id, cpus, mem) in new[] { (0, "0-1", 1000), (1, "2-3", 2000) })
            {
                string dir = Directory.CreateDirectory(Path.Combine(root, $"node{id}")).FullName;
                File.WriteAllText(Path.Combine(dir, "cpulist"), cpus + "\n");
                File.WriteAllText(Path.Combine(dir, "meminfo"), $"Node {id} MemTotal: {mem} kB\nNode {id} MemFree: 10 kB\n");
                File.WriteAllText(Path.Combine(dir, "distance"), id == 0 ? "10 21\n" : "21 10\n");
            }
            Directory.CreateDirectory(Path.Combine(root, "power")); // not a node
            var nodes = NumaTopology.Read(root);
            Assert.Equal(2, nodes.Count);
            Assert.Equal([2, 3], nodes[1].Cpus);
            Assert.Equal(2000UL * 1024, nodes[1].MemoryBytes);
            Assert.Equal([10, 21], nodes[0].Distances);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void HostTopologyCoversEveryCpu()
    {
        var nodes = NumaTopology.Read();
        Assert.NotEmpty(nodes);
        Assert.Equal(Environment.ProcessorCount, nodes.Sum(n => n.Cpus.Count));
        Assert.All(nodes, n => Assert.True(n.MemoryBytes > 0));
        Assert.True(MemInfo.Read().TotalBytes >= nodes.Aggregate(0UL, (s, n) => s + n.MemoryBytes) / 2);
    }

    [Fact]
    public void PleSettingsReadWhatExists()
    {
        string root = Directory.CreateTempSubdirectory("vireo-mod-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "kvm_intel/parameters"));
            File.WriteAllText(Path.Combine(root, "kvm_intel/parameters/ple_gap"), "128\n");
            File.WriteAllText(Path.Combine(root, "kvm_intel/parameters/ple_window"), "4096\n");
            Assert.Equal(new PleSettings(128, 4096, null, null), HostFacts.ReadPleSettings(root));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void HostnameMatchesTheKernel() => Assert.Equal(Environment.MachineName, HostFacts.Hostname());
}
