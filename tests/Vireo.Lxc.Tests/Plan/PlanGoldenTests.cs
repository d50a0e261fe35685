using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Lxc.Plan;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Tests.Plan;

/// <summary>
/// Domain XML in Plan/golden/NAME.xml gives exactly Plan/golden/NAME.plan. Set VIREO_REGENERATE_GOLDEN=1
/// to rewrite the expected files from the current output (then review the diff).
/// </summary>
public class PlanGoldenTests
{
    /// <summary>A hybrid host like the project machine: v1 controllers (cpu and cpuacct co-mounted here to show the join), cgroup2 empty.</summary>
    private static readonly CgroupLayout Hybrid = new(new Dictionary<string, string>
    {
        ["cpu"] = "/sys/fs/cgroup/cpu,cpuacct", ["cpuacct"] = "/sys/fs/cgroup/cpu,cpuacct",
        ["memory"] = "/sys/fs/cgroup/memory", ["freezer"] = "/sys/fs/cgroup/freezer",
    }, "/sys/fs/cgroup/unified");

    private static PlanInputs Inputs(string name) => new()
    {
        CgroupProcsFiles = [$"/sys/fs/cgroup/cpu,cpuacct/machine.vireo/lxc-{name}/cgroup.procs", $"/sys/fs/cgroup/memory/machine.vireo/lxc-{name}/cgroup.procs"],
        CgroupViews = CgroupViews.For(Hybrid, ["cpu", "cpuacct", "memory", "freezer"]),
        Interfaces = name == "web-ct" ? [new PlanNetif("vlx6f1c2e3ac0", "eth0")] : [],
    };

    [Theory]
    [InlineData("minimal")]
    [InlineData("full")]
    [InlineData("policy-deny")]
    public void PlanMatchesGoldenFile(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Plan", "golden");
        var def = DomainDefaults.Apply(DomainXml.Parse(File.ReadAllText(Path.Combine(dir, name + ".xml"))));
        var actual = PlanFormat.Format(ContainerPlanBuilder.Build(def, Inputs(def.Name)));
        var expectedPath = Path.Combine(dir, name + ".plan");
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDir(), "Plan", "golden", name + ".plan");
            File.WriteAllText(source, actual);
            File.WriteAllText(expectedPath, actual);
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing: run with VIREO_REGENERATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
