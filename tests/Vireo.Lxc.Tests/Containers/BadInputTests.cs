using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Lxc.Tests.Support;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>Starts that cannot work fail with a sentence naming the cause, and leave no cgroup, mount or process.</summary>
public class BadInputTests(RootfsFixture rootfs)
{
    [Fact]
    public async Task AMissingRootDirectory()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "noroot-" + bed.Suffix;
        var e = await StartFailsAsync(bed, ContainerBed.Xml(name, Path.Combine(bed.Dir, "no-such-root")));
        Assert.Contains($"root directory '{bed.Dir}/no-such-root' of container '{name}' does not exist", e.Message);
    }

    [Fact]
    public async Task AnInitThatDoesNotExist()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "noinit-" + bed.Suffix;
        var e = await StartFailsAsync(bed, ContainerBed.Xml(name, bed.NewRootfs(), init: "/sbin/no-such-init"));
        Assert.Contains($"cannot execute the init '/sbin/no-such-init' of container '{name}': No such file or directory", e.Message);
    }

    [Fact]
    public async Task AnIdmapTheKernelRefuses()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "badmap-" + bed.Suffix;
        // Container uids 0-999 and 500-1499 overlap: the kernel rejects the whole uid_map.
        var e = await StartFailsAsync(bed, ContainerBed.Xml(name, bed.NewRootfs(),
            extra: "<idmap><uid start='0' target='300000' count='1000'/><uid start='500' target='400000' count='1000'/><gid start='0' target='300000' count='1000'/></idmap>"));
        Assert.Contains($"the kernel refused the uid_map of container '{name}'", e.Message);
    }

    [Fact]
    public async Task ABridgeThatDoesNotExistFailsAfterTheHelperWasStartedAndLeavesNoHelper()
    {
        // The helper is started before the cgroup, veths and plan exist (it waits for the plan), so a
        // failure there must also end the waiting helper. The bridge is looked for in a namespace of ours.
        var netns = "vlxb-" + Guid.NewGuid().ToString("N")[..8];
        ContainerBed.Run("ip", "netns", "add", netns);
        try
        {
            await using var bed = new ContainerBed(rootfs, o => o with { NetworkNamespace = netns });
            await bed.InitializeAsync();
            var name = "nobr-" + bed.Suffix;
            var e = await StartFailsAsync(bed, ContainerBed.Xml(name, bed.NewRootfs(),
                devices: "<interface type='bridge'><source bridge='nosuchbr0'/></interface>"));
            Assert.Contains($"container '{name}'", e.Message);
            Assert.Contains("nosuchbr0", e.Message);
        }
        finally
        {
            ContainerBed.Run("ip", "netns", "del", netns);
        }
    }

    [Fact]
    public async Task SharingTheHostRootWithTheHostInitIsRefusedAtDefine()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var xml = $"<domain type='lxc'><name>hostinit-{bed.Suffix}</name><memory unit='MiB'>64</memory><os><type>exe</type><init>/sbin/init</init></os><devices><console type='pty'/></devices></domain>";
        var e = await Assert.ThrowsAsync<VirException>(() => bed.Driver.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None).AsTask());
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("/sbin/init", e.Message);
        Assert.Empty(bed.Driver.Domains.List(ListFlags.All));
    }

    private static async Task<VirException> StartFailsAsync(ContainerBed bed, string xml)
    {
        var dom = await bed.Driver.Lifecycle.DefineAsync(xml, DefineFlags.None, CancellationToken.None);
        var e = await Assert.ThrowsAsync<VirException>(() => bed.Driver.Lifecycle.StartAsync(dom.Uuid, CreateFlags.None, CancellationToken.None).AsTask());
        Assert.Equal(VirErrorDomain.Lxc, e.ErrorDomain);
        Assert.Equal(DomainState.Shutoff, bed.Driver.Domains.State(dom.Uuid).State);
        Assert.False(bed.Driver.Domains.LookupByUuid(dom.Uuid).IsActive);
        bed.AssertNothingLeft(dom.Name, dom.Uuid);
        return e;
    }
}
