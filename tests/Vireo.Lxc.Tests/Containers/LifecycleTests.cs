using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Lxc.Tests.Support;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>Start, pause, stop, reboot and their events, with nothing left behind afterwards.</summary>
public class LifecycleTests(RootfsFixture rootfs)
{
    [Fact]
    public async Task SuspendFreezesTheContainerAndResumeThawsIt()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "frz-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));
        await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Started);

        await bed.Driver.Lifecycle.SuspendAsync(dom.Uuid, CancellationToken.None);
        Assert.Equal(DomainState.Paused, bed.Driver.Domains.State(dom.Uuid).State);
        Assert.True(FreezerSaysFrozen(bed, name));
        await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Suspended);

        await bed.Driver.Lifecycle.ResumeAsync(dom.Uuid, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(RunningReason.Unpaused), bed.Driver.Domains.State(dom.Uuid));
        Assert.False(FreezerSaysFrozen(bed, name));
        await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Resumed);
        Assert.Equal("ok", (await bed.ShAsync(dom.Uuid, "echo ok")).Trim());
    }

    [Fact]
    public async Task DestroyEndsTheContainerAndLeavesNothingBehind()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "dst-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "sleep 100000 & exec sleep 100000"]));
        Assert.NotEmpty(bed.ProcessesOf(dom.Uuid));

        await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), bed.Driver.Domains.State(dom.Uuid));
        Assert.Equal(-1, bed.Driver.Domains.LookupByUuid(dom.Uuid).Id);
        var stopped = await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Stopped);
        Assert.Equal((int)StoppedDetail.Destroyed, stopped.Detail);
        bed.AssertNothingLeft(name, dom.Uuid);
        Assert.False(File.Exists(Path.Combine(bed.Layout.DomainRunDir("lxc", name), "status.xml")));
    }

    [Fact]
    public async Task DestroyOfAPausedContainerWorks()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "dsp-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));
        await bed.Driver.Lifecycle.SuspendAsync(dom.Uuid, CancellationToken.None);
        await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
        Assert.Equal(DomainState.Shutoff, bed.Driver.Domains.State(dom.Uuid).State);
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task ShutdownSendsSigtermToInit()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "sht-" + bed.Suffix;
        var root = bed.NewRootfs();
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, root,
            args: ["-c", "trap 'echo term > /tmp/term; exit 0' TERM; echo ready > /tmp/ready; while :; do sleep 1; done"]));
        await ContainerBed.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp/ready")), "the trap to be installed");

        await bed.Driver.Lifecycle.ShutdownAsync(dom.Uuid, ShutdownFlags.Default, CancellationToken.None);
        var stopped = await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Stopped);
        Assert.Equal((int)StoppedDetail.Shutdown, stopped.Detail);
        Assert.Equal("term", File.ReadAllText(Path.Combine(root, "tmp/term")).Trim());
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), bed.Driver.Domains.State(dom.Uuid));
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task ShutdownKillsAnInitThatIgnoresSigtermAfterTheGracePeriod()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "shk-" + bed.Suffix;
        // sleep as PID 1 has no SIGTERM handler, so the kernel never delivers SIGTERM to it.
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));
        await bed.Driver.Lifecycle.ShutdownAsync(dom.Uuid, ShutdownFlags.Default, CancellationToken.None);
        Assert.Equal(DomainState.Running, bed.Driver.Domains.State(dom.Uuid).State);
        var stopped = await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Stopped);
        Assert.Equal((int)StoppedDetail.Shutdown, stopped.Detail);
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task AnInitThatExitsEndsTheContainer()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "ext-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exit 3"]));
        var stopped = await bed.NextEventAsync(dom.Uuid, LifecycleEventType.Stopped);
        Assert.Equal((int)StoppedDetail.Shutdown, stopped.Detail);
        await ContainerBed.WaitForAsync(() => bed.Driver.Domains.State(dom.Uuid).State == DomainState.Shutoff, "shut off");
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task RebootStartsANewInitAndKeepsTheDomainRunning()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "rbt-" + bed.Suffix;
        var root = bed.NewRootfs();
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, root, args: ["-c", "echo $$ >> /tmp/boots; exec sleep 100000"]));
        await ContainerBed.WaitForAsync(() => File.Exists(Path.Combine(root, "tmp/boots")), "the first boot");

        await bed.Driver.Lifecycle.RebootAsync(dom.Uuid, ShutdownFlags.Default, CancellationToken.None);
        var after = bed.Driver.Domains.LookupByUuid(dom.Uuid);
        Assert.True(after.IsActive);
        Assert.NotEqual(dom.Id, after.Id);
        await ContainerBed.WaitForAsync(() => File.ReadAllLines(Path.Combine(root, "tmp/boots")).Length == 2, "the second boot");
        // The domain's id is the new init, which goes on to run sleep (it fails here if the id were stale).
        await ContainerBed.WaitForSleepAsync(after.Id, "the second init to exec sleep");
        Assert.False(Directory.Exists($"/proc/{dom.Id}") && File.ReadAllText($"/proc/{dom.Id}/cmdline").Contains("sleep\0" + "100000"));
    }

    [Fact]
    public async Task ATransientContainerDisappearsWhenItStops()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "trn-" + bed.Suffix;
        var dom = await bed.Driver.Lifecycle.CreateTransientAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]), CreateFlags.None, CancellationToken.None);
        Assert.False(bed.Driver.Domains.IsPersistent(dom.Uuid));
        Assert.Contains(bed.Driver.Domains.List(ListFlags.Transient), s => s.Ref.Uuid == dom.Uuid);
        await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
        Assert.Throws<Vireo.Core.Errors.VirException>(() => bed.Driver.Domains.LookupByUuid(dom.Uuid));
        bed.AssertNothingLeft(name, dom.Uuid);
        Assert.False(Directory.Exists(bed.Layout.DomainStateDir("lxc", name)));
    }

    private static bool FreezerSaysFrozen(ContainerBed bed, string name) =>
        bed.Options.CgroupLayout.PreferredVersion == CgroupVersion.V1
            ? File.ReadAllText(Path.Combine(bed.CgroupDir(name, "freezer"), "freezer.state")).Trim() == "FROZEN"
            : File.ReadAllText(Path.Combine(bed.CgroupDir(name), "cgroup.freeze")).Trim() == "1";
}
