using Vireo.Platform.Cgroups;
using Vireo.Lxc.Tests.Support;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>
/// Init is in the container's group in every hierarchy the host has: on v1 the container's first
/// process joins its groups itself (through "tasks" files the helper opened), so this must hold with
/// and without a user namespace.
/// </summary>
public class CgroupJoinTests(RootfsFixture rootfs)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InitIsInTheContainersGroupInEveryHierarchy(bool userNamespace)
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = (userNamespace ? "cgu-" : "cgj-") + bed.Suffix;
        var root = bed.NewRootfs();
        var extra = "";
        if (userNamespace)
        {
            ContainerBed.Run("chmod", "755", bed.Dir);
            ContainerBed.Run("chown", "-R", "200000:200000", root);
            extra = "<idmap><uid start='0' target='200000' count='65536'/><gid start='0' target='200000' count='65536'/></idmap>";
        }
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, root, args: ["-c", "exec sleep 100000"], extra: extra));

        var layout = bed.Options.CgroupLayout;
        var want = $"/{Cgroups.MachineParent}/lxc-{name}";
        // "ID:CONTROLLERS:PATH" per hierarchy, as the host sees init.
        var lines = File.ReadAllLines($"/proc/{dom.Id}/cgroup").Select(l => l.Split(':', 3)).ToList();
        if (layout.PreferredVersion == CgroupVersion.V2)
        {
            Assert.Contains(lines, f => f[1] == "" && f[2] == want);
            return;
        }
        var controllers = layout.V1Mounts.Keys.Where(CgroupLayout.V1Controllers.Contains).ToList();
        Assert.NotEmpty(controllers);
        foreach (var controller in controllers)
        {
            var line = lines.SingleOrDefault(f => f[1].Split(',').Contains(controller));
            Assert.True(line is not null, $"/proc/{dom.Id}/cgroup has no {controller} hierarchy");
            Assert.Equal(want, line[2]);
        }
        // The group holds init only (and nothing of the helper, which supervises from outside it).
        Assert.Equal([dom.Id], File.ReadAllLines(Path.Combine(bed.CgroupDir(name, controllers[0]), "cgroup.procs")).Select(int.Parse));
    }
}
