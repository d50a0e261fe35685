using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

public sealed class TransientTests : EngineTest
{

    [Fact]
    public async Task CreateTransient_RunsWithoutADefinition_AndVanishesWhenDestroyed()
    {
        var name = DemoKit.UniqueName("trans");
        var d = await Engine.Lifecycle.CreateTransientAsync(DemoKit.DomainXml(name), CreateFlags.None, CancellationToken.None);
        Assert.True(d.Id > 0);
        Assert.False(Engine.Domains.IsPersistent(d.Uuid));
        Assert.Equal(StateWithReason.Of(RunningReason.Booted), Engine.State(d.Uuid));
        Assert.False(File.Exists(Path.Combine(Engine.Paths.ConfigDir, name + ".xml")));
        Assert.True(File.Exists(Path.Combine(Engine.Paths.RunDir, name + ".xml")), "a running transient domain has a status file, so a restart finds it");

        var undefine = await Assert.ThrowsAsync<VirException>(async () => await Engine.Lifecycle.UndefineAsync(d.Uuid, UndefineFlags.None, CancellationToken.None));
        Assert.Equal(VirErrorCode.OperationInvalid, undefine.Code);
        Assert.Contains("transient", undefine.Message);

        await Engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);
        var gone = Assert.Throws<VirException>(() => Engine.Domains.LookupByUuid(d.Uuid));
        Assert.Equal(VirErrorCode.NoDomain, gone.Code);
    }

    [Fact]
    public async Task CreateTransient_StartPaused_IsPausedUser()
    {
        var name = DemoKit.UniqueName("tpaus");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.Lifecycle.CreateTransientAsync(DemoKit.DomainXml(name), CreateFlags.StartPaused, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(PausedReason.User), Engine.State(d.Uuid));
        await events.WaitForLifecycleAsync(LifecycleEventType.Suspended, (int)SuspendedDetail.Paused, TimeSpan.FromSeconds(10));
        Assert.Equal([(LifecycleEventType.Started, (int)StartedDetail.Booted), (LifecycleEventType.Suspended, (int)SuspendedDetail.Paused)], events.Lifecycle);
    }
}
