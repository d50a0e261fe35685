using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Memory;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Tests.Tuning;

/// <summary>What a definition asks of the cgroups at start, where the group lives, what the host must have, and the memory limits.</summary>
public sealed class CgroupPlanTests
{
    private static DomainDef Def(Func<DomainDef, DomainDef>? edit = null)
    {
        var d = new DomainDef
        {
            Type = "qemu", Name = "web1", Uuid = Guid.Parse("11111111-2222-3333-4444-555555555555"),
            Memory = MemorySize.FromMiB(256), CurrentMemory = MemorySize.FromMiB(256), Vcpu = new VcpuDef { Count = 2 },
        };
        return edit is null ? d : edit(d);
    }

    [Fact]
    public void ADefinitionWithoutTuning_NeedsNoCgroup()
    {
        var plan = CgroupPlan.From(Def(), 2);
        Assert.Empty(plan.Requested);
        Assert.Null(plan.Mems);
        Assert.Equal([null, null], plan.VcpuCpus);
        Assert.Null(plan.EmulatorCpus);
    }

    [Fact]
    public void LibvirtsRules_PinsFallBackToVcpuCpuset_StrictAndRestrictiveSetMems_PreferredDoesNot()
    {
        var plan = CgroupPlan.From(Def(d => d with
        {
            Vcpu = d.Vcpu! with { CpuSet = CpuSet.Parse("0-1") },
            CpuTune = new CpuTuneDef { VcpuPins = [new VcpuPinDef(1, CpuSet.Parse("1"))], Shares = 300, Quota = 20000 },
            NumaTune = new NumaTuneDef { Memory = new NumaMemoryDef(NumaMode.Restrictive, NodeSet.Parse("0")) },
            MemTune = new MemTuneDef { HardLimit = MemorySize.FromMiB(512) },
        }), 2);
        Assert.Equal(["0-1", "1"], plan.VcpuCpus.Select(c => c!.ToString()));
        Assert.Equal("0-1", plan.EmulatorCpus!.ToString());
        Assert.Equal("0", plan.Mems);
        Assert.Equal(300UL, plan.Shares);
        Assert.Equal(new Bandwidth(null, 20000), plan.Vcpu);
        Assert.Equal(["<numatune><memory nodeset>", "<cputune><shares>", "<cputune><period>/<quota>", "<memtune>"], plan.Requested); // pins can be affinities

        var preferred = CgroupPlan.From(Def(d => d with { NumaTune = new NumaTuneDef { Memory = new NumaMemoryDef(NumaMode.Preferred, NodeSet.Parse("0")) } }), 2);
        Assert.Null(preferred.Mems); // QEMU's backend prefers the node; the cgroup must not forbid the others
    }

    [Fact]
    public void GroupPath_IsLibvirtsMachineLayout_WithARootHashOffTheSystemPaths()
    {
        Assert.Equal("machine.vireo/qemu-3-web1", GuestCgroupPath.For("/run/vireo/qemu", 3, "web1", null));
        Assert.Equal("machine.vireo/qemu-3-web1", GuestCgroupPath.For("/run/vireo/qemu/", 3, "web1", null));
        var embedded = GuestCgroupPath.For("/tmp/root/qemu/run", 3, "web1", null);
        Assert.Matches(@"^machine\.vireo/qemu-3-web1\.vireo-[0-9a-f]{8}$", embedded);
        Assert.NotEqual(embedded, GuestCgroupPath.For("/tmp/other/qemu/run", 3, "web1", null));
        Assert.Equal("tenants/a/qemu-3-web1", GuestCgroupPath.For("/run/vireo/qemu", 3, "web1", new ResourceDef("/tenants/a")));
        Assert.Equal(100 + "qemu-3-".Length, GuestCgroupPath.For("/run/vireo/qemu", 3, new string('n', 300), null).Split('/')[1].Length);
    }

    [Fact]
    public void StartChecks_NameTheElementAndTheHostsCpusAndNodes()
    {
        var host = new HostResources([0, 1], [0]);
        var pinned = Def(d => d with { CpuTune = new CpuTuneDef { VcpuPins = [new VcpuPinDef(0, CpuSet.Parse("1-3"))] } });
        var e = Assert.Throws<VirException>(() => StartChecks.Check(pinned, host));
        Assert.Equal("cannot start domain 'web1': <vcpupin vcpu='0' cpuset='1-3'>: CPU list 1-3 includes CPUs 2-3, which this host does not have (host CPUs: 0-1)", e.Detail);
        var numa = Def(d => d with { NumaTune = new NumaTuneDef { Memory = new NumaMemoryDef(NumaMode.Restrictive, NodeSet.Parse("0-1")) } });
        e = Assert.Throws<VirException>(() => StartChecks.Check(numa, host));
        Assert.Equal("cannot start domain 'web1': <numatune><memory nodeset='0-1'>: nodeset 0-1 includes node 1, which this host does not have (host nodes: 0)", e.Detail);
        StartChecks.Check(Def(d => d with { CpuTune = new CpuTuneDef { EmulatorPin = CpuSet.Parse("0") } }), host);
    }

    [Fact]
    public void HostResources_EmptyListsAndMaps()
    {
        var host = new HostResources([0, 1], [0]);
        Assert.Equal("pin: the CPU list is empty; give at least one (host CPUs: 0-1)", Assert.Throws<VirException>(() => host.CheckCpus([], "pin")).Detail);
        Assert.Equal([1, 3], HostResources.CpusOf([false, true, false, true]));
    }

    [Fact]
    public void MemoryLimits_CurrentWithinMaximum_MaximumWithinHostAndMaxMemory_LowerMaximumLowersCurrent_InLibvirtsWords()
    {
        var def = Def();
        MemoryLimits.CheckCurrent(def, MemorySize.FromMiB(128));
        Assert.Equal("invalid argument: cannot set memory higher than max memory",
            Assert.Throws<VirException>(() => MemoryLimits.CheckCurrent(def, MemorySize.FromMiB(512))).Message);
        Assert.Equal("memory in virDomainSetMemoryFlags must not be zero", Assert.Throws<VirException>(() => MemoryLimits.CheckCurrent(def, MemorySize.Zero)).Message);

        var lower = MemoryLimits.WithMaximum(def, MemorySize.FromMiB(128), hostKiB: 1 << 20);
        Assert.Equal((131072UL, 131072UL), (lower.Memory!.Value.KiB, lower.CurrentMemory!.Value.KiB));
        var higher = MemoryLimits.WithMaximum(def, MemorySize.FromMiB(512), hostKiB: 1 << 20);
        Assert.Equal((524288UL, 262144UL), (higher.Memory!.Value.KiB, higher.CurrentMemory!.Value.KiB));
        Assert.Equal("cannot set the maximum memory of domain 'web1' to 2097152 KiB: this host has only 1048576 KiB of RAM",
            Assert.Throws<VirException>(() => MemoryLimits.WithMaximum(def, MemorySize.FromGiB(2), hostKiB: 1 << 20)).Detail);
        var hotplug = def with { MaxMemory = new MaxMemoryDef(MemorySize.FromMiB(384), 4) };
        Assert.Equal("Requested operation is not valid: cannot set initial memory size greater than the maximum memory size",
            Assert.Throws<VirException>(() => MemoryLimits.WithMaximum(hotplug, MemorySize.FromMiB(512), 1 << 22)).Message);
        var cells = def with { Cpu = new CpuDef { NumaCells = [new NumaCellDef { Memory = MemorySize.FromMiB(256) }] } };
        Assert.Equal("Requested operation is not valid: initial memory size of a domain with NUMA nodes cannot be modified with this API",
            Assert.Throws<VirException>(() => MemoryLimits.WithMaximum(cells, MemorySize.FromMiB(128), 1 << 22)).Message);
    }
}
