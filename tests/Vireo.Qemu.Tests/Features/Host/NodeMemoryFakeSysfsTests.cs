using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Platform.Host;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.Driver.Features.Host;

namespace Vireo.Qemu.Tests.Features.Host;

/// <summary>
/// KSM and huge page pools read and written through a fake sysfs tree (Vireo.Platform's files with
/// their roots moved), with libvirt 9.0's names, types, order and refusals; the CPU model catalog and
/// the suspend refusal.
/// </summary>
public sealed class NodeMemoryFakeSysfsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-fake-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Put(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private KsmFiles FakeKsm(bool withMerge = true)
    {
        foreach (var (f, v) in new[] { ("pages_to_scan", "100"), ("sleep_millisecs", "20"), ("pages_shared", "5"), ("pages_sharing", "7"), ("pages_unshared", "3"),
                     ("pages_volatile", "1"), ("full_scans", "42"), ("run", "0") })
            Put($"ksm/{f}", v + "\n");
        if (withMerge) Put("ksm/merge_across_nodes", "1\n");
        else File.Delete(Path.Combine(_root, "ksm/merge_across_nodes")); // a kernel without it
        return new KsmFiles(Path.Combine(_root, "ksm"));
    }

    [Fact]
    public void Ksm_parameters_come_in_libvirt_order_and_types()
    {
        var ps = new NodeKsmTuning(FakeKsm()).GetMemoryParameters(0);
        Assert.Equal(
            "shm_pages_to_scan UInt 100|shm_sleep_millisecs UInt 20|shm_pages_shared ULLong 5|shm_pages_sharing ULLong 7|shm_pages_unshared ULLong 3|" +
            "shm_pages_volatile ULLong 1|shm_full_scans ULLong 42|shm_merge_across_nodes UInt 1",
            string.Join('|', ps.Select(p => $"{p.Field} {p.Type} {p}")));
        Assert.Equal(7, new NodeKsmTuning(FakeKsm(withMerge: false)).GetMemoryParameters(4).Count); // STRING_OKAY is allowed
    }

    [Fact]
    public void Ksm_set_writes_only_writable_files_and_checks_everything_first()
    {
        var ksm = new NodeKsmTuning(FakeKsm());
        ksm.SetMemoryParameters([TypedParameter.UInt("shm_pages_to_scan", 250), TypedParameter.UInt("shm_merge_across_nodes", 0)], 0);
        Assert.Equal(("250", "0"), (File.ReadAllText(Path.Combine(_root, "ksm/pages_to_scan")), File.ReadAllText(Path.Combine(_root, "ksm/merge_across_nodes"))));

        void Refused(IReadOnlyList<TypedParameter> ps, uint flags, VirErrorCode code, string message)
        {
            var e = Assert.Throws<VirException>(() => ksm.SetMemoryParameters(ps, flags));
            Assert.Equal((code, message), (e.Code, e.Message));
        }
        Refused([TypedParameter.UInt("shm_sleep_millisecs", 5), TypedParameter.UInt("shm_pages_shared", 1)], 0, VirErrorCode.ArgumentUnsupported,
            "argument unsupported: parameter 'shm_pages_shared' not supported");
        Refused([TypedParameter.ULLong("shm_sleep_millisecs", 5)], 0, VirErrorCode.InvalidArg,
            "invalid argument: invalid type 'ullong' for parameter 'shm_sleep_millisecs', expected 'uint'");
        Refused([TypedParameter.UInt("shm_sleep_millisecs", 5)], 1, VirErrorCode.InvalidArg, "unsupported flags (0x1) in function virHostMemSetParameters");
        Assert.Equal("20\n", File.ReadAllText(Path.Combine(_root, "ksm/sleep_millisecs"))); // nothing written by a refused call

        File.Delete(Path.Combine(_root, "ksm/merge_across_nodes"));
        Refused([TypedParameter.UInt("shm_merge_across_nodes", 1)], 0, VirErrorCode.OperationInvalid,
            "Requested operation is not valid: Parameter 'shm_merge_across_nodes' is not supported by this kernel");
    }

    private NodeHugePagePools FakePools()
    {
        Put("node/node0/meminfo", "Node 0 MemTotal:       8000000 kB\nNode 0 MemFree:        4000000 kB\n");
        Put("node/node0/hugepages/hugepages-2048kB/nr_hugepages", "4\n");
        Put("node/node0/hugepages/hugepages-2048kB/free_hugepages", "3\n");
        Put("node/node1/meminfo", "Node 1 MemTotal:       8000000 kB\nNode 1 MemFree:        2000000 kB\n");
        Put("node/node1/hugepages/hugepages-2048kB/nr_hugepages", "0\n");
        Put("node/node1/hugepages/hugepages-2048kB/free_hugepages", "0\n");
        Put("global/hugepages-2048kB/nr_hugepages", "4\n");
        Put("global/hugepages-2048kB/free_hugepages", "3\n");
        Put("meminfo", "MemTotal:       16000000 kB\nMemFree:         6000000 kB\n");
        return new NodeHugePagePools(new HugePageFiles(Path.Combine(_root, "node"), Path.Combine(_root, "global"), Path.Combine(_root, "meminfo")));
    }

    [Fact]
    public void Free_pages_list_cell_by_cell_and_size_by_size()
    {
        var pools = FakePools();
        Assert.Equal([1000000UL, 3UL, 500000UL, 0UL], pools.GetFreePages([4, 2048], 0, 5, 0)); // clipped at the last node
        Assert.Equal([1500000UL, 3UL], pools.GetFreePages([4, 2048], -1, 1, 0));
        var e = Assert.Throws<VirException>(() => pools.GetFreePages([16], 0, 1, 0));
        Assert.Equal("operation failed: page size 16 is not available on node 0", e.Message);
        e = Assert.Throws<VirException>(() => pools.GetFreePages([4], 2, 1, 0));
        Assert.Equal("internal error: start cell 2 out of range (0-1)", e.Message);
    }

    [Fact]
    public void Alloc_pages_sets_or_adds_and_reads_back()
    {
        var pools = FakePools();
        var nr1 = Path.Combine(_root, "node/node1/hugepages/hugepages-2048kB/nr_hugepages");
        Assert.Equal(1, pools.AllocPages([2048], [8], 1, 1, 1)); // SET
        Assert.Equal("8", File.ReadAllText(nr1));
        Assert.Equal(1, pools.AllocPages([2048], [2], 1, 1, 0)); // ADD
        Assert.Equal("10", File.ReadAllText(nr1));
        Assert.Equal(2, pools.AllocPages([2048], [0], 0, 2, 0)); // adding nothing writes nothing
        Assert.Equal("4\n", File.ReadAllText(Path.Combine(_root, "node/node0/hugepages/hugepages-2048kB/nr_hugepages")));
        var e = Assert.Throws<VirException>(() => pools.AllocPages([4], [1], 0, 1, 0));
        Assert.Equal((VirErrorCode.OperationUnsupported, "Operation not supported: system pages pool can't be modified"), (e.Code, e.Message));
        e = Assert.Throws<VirException>(() => pools.AllocPages([2048], [1], 0, 1, 16));
        Assert.Equal("unsupported flags (0x10) in function qemuNodeAllocPages", e.Message);
    }

    [Fact]
    public void Cpu_models_and_suspend_answer_as_libvirtd_9_0()
    {
        var models = new QemuCpuModels();
        Assert.Equal(58, models.CpuModelNames("x86_64", 0).Count);
        Assert.Empty(models.CpuModelNames("s390x", 0));
        Assert.Equal(CpuModelAnswer.NoCpuDriver, CpuModelCatalog.For("mips").Answer);
        var e = Assert.Throws<VirException>(() => models.CpuModelNames("none", 0));
        Assert.Equal((VirErrorDomain.Qemu, "invalid argument: cannot find architecture none"), (e.ErrorDomain, e.Message));

        var suspend = new NodeSuspendRefusal();
        e = Assert.Throws<VirException>(() => suspend.SuspendForDuration(1, 60, 0));
        Assert.Equal((VirErrorCode.ArgumentUnsupported, "argument unsupported: Suspend-to-Disk"), (e.Code, e.Message));
        e = Assert.Throws<VirException>(() => suspend.SuspendForDuration(3, 60, 0));
        Assert.Equal("invalid argument: Invalid suspend target", e.Message);
    }
}
