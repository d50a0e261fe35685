using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Lxc.Tests.Support;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>Real containers: the init is PID 1, the hostname is the domain name, the host is out of sight.</summary>
public class IsolationTests(RootfsFixture rootfs)
{
    [Fact]
    public async Task InitIsPid1AndHostnameIsTheDomainNameAndHostProcessesAreInvisible()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "iso-" + bed.Suffix;
        var root = bed.NewRootfs();
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, root, args: ["-c", "echo started > /tmp/marker; exec sleep 100000"]));

        Assert.True(dom.IsActive);
        Assert.Equal(DomainState.Running, bed.Driver.Domains.State(dom.Uuid).State);
        await ContainerBed.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp/marker")), "the init's marker file");
        await ContainerBed.WaitForSleepAsync(dom.Id, "the init to exec sleep");

        Assert.Equal("sleep\0100000\0", await bed.ShAsync(dom.Uuid, "cat /proc/1/cmdline"));
        Assert.Equal(name, (await bed.ShAsync(dom.Uuid, "hostname")).Trim());
        // Only the container's own processes: sleep (1), the shell we run and its ls.
        var pids = (await bed.ShAsync(dom.Uuid, "ls /proc | grep '^[0-9]*$'")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.Contains(1, pids);
        Assert.True(pids.Count <= 4, $"the container sees {pids.Count} processes: {string.Join(' ', pids)}");
        Assert.DoesNotContain(Environment.ProcessId, pids.Where(p => p > 4));
        // Its own root, network and mounts.
        Assert.Contains("bin", await bed.ShAsync(dom.Uuid, "ls /"));
        Assert.DoesNotContain(bed.Dir, await bed.ShAsync(dom.Uuid, "cat /proc/mounts"));
        Assert.Equal("lo", (await bed.ShAsync(dom.Uuid, "ls /sys/class/net")).Trim());
        // The domain id is the host pid of the container's init, as in libvirt.
        Assert.Contains("sleep", File.ReadAllText($"/proc/{dom.Id}/cmdline"));
        Assert.Equal(dom.Id, bed.Driver.Domains.LookupById(dom.Id).Id);
    }

    [Fact]
    public async Task DroppedCapabilitiesAreGoneFromInitsBoundingSet()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "caps-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"],
            extra: "<features><capabilities policy='allow'><sys_admin state='off'/><net_raw state='off'/></capabilities></features>"));
        var status = await bed.ShAsync(dom.Uuid, "cat /proc/1/status");
        var capBnd = Convert.ToUInt64(status.Split('\n').First(l => l.StartsWith("CapBnd:"))[7..].Trim(), 16);
        Assert.Equal(0UL, capBnd & (1UL << 21)); // sys_admin
        Assert.Equal(0UL, capBnd & (1UL << 13)); // net_raw
        Assert.NotEqual(0UL, capBnd & (1UL << 0)); // chown stays
    }

    [Fact]
    public async Task AUserNamespaceMapsTheContainersRootToTheGivenHostIds()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "userns-" + bed.Suffix;
        var root = bed.NewRootfs();
        // The container's root is host uid 200000: it must reach the rootfs and own it to write there.
        ContainerBed.Run("chmod", "755", bed.Dir);
        ContainerBed.Run("chown", "-R", "200000:200000", root);
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, root, args: ["-c", "echo $(id -u) > /tmp/uid.new; mv /tmp/uid.new /tmp/uid; exec sleep 100000"],
            extra: "<idmap><uid start='0' target='200000' count='65536'/><gid start='0' target='200000' count='65536'/></idmap>"));
        await ContainerBed.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp/uid")), "the uid file");
        Assert.Equal("0", File.ReadAllText(Path.Combine(root, "tmp/uid")).Trim());
        Assert.Equal("200000", ContainerBed.Output("stat", "-c", "%u", Path.Combine(root, "tmp/uid")).Trim());
        Assert.Equal("0 200000 65536", string.Join(' ', (await bed.ShAsync(dom.Uuid, "cat /proc/self/uid_map")).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("200000", File.ReadAllText($"/proc/{dom.Id}/uid_map"));
    }
}
