using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

public sealed class TransientTests : IAsyncLifetime
{
    private readonly TempRoot _root = new();
    private Engine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await Engine.StartAsync(_root.Path);

    public async ValueTask DisposeAsync()
    {
        await _engine.DestroyAllAsync();
        await _engine.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task CreateTransient_RunsWithoutADefinition_AndVanishesWhenDestroyed()
    {
        var name = DemoKit.UniqueName("trans");
        var d = await _engine.Lifecycle.CreateTransientAsync(DemoKit.DomainXml(name), CreateFlags.None, CancellationToken.None);
        Assert.True(d.Id > 0);
        Assert.False(_engine.Domains.IsPersistent(d.Uuid));
        Assert.Equal(StateWithReason.Of(RunningReason.Booted), _engine.State(d.Uuid));
        Assert.False(File.Exists(Path.Combine(_engine.Paths.ConfigDir, name + ".xml")));
        Assert.True(File.Exists(Path.Combine(_engine.Paths.RunDir, name + ".xml")), "a running transient domain has a status file, so a restart finds it");

        var undefine = await Assert.ThrowsAsync<VirException>(async () => await _engine.Lifecycle.UndefineAsync(d.Uuid, UndefineFlags.None, CancellationToken.None));
        Assert.Equal(VirErrorCode.OperationInvalid, undefine.Code);
        Assert.Contains("transient", undefine.Message);

        await _engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);
        var gone = Assert.Throws<VirException>(() => _engine.Domains.LookupByUuid(d.Uuid));
        Assert.Equal(VirErrorCode.NoDomain, gone.Code);
    }

    [Fact]
    public async Task CreateTransient_StartPaused_IsPausedUser()
    {
        var name = DemoKit.UniqueName("tpaus");
        using var events = new EventLog(_engine.Driver.Events, name);
        var d = await _engine.Lifecycle.CreateTransientAsync(DemoKit.DomainXml(name), CreateFlags.StartPaused, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(PausedReason.User), _engine.State(d.Uuid));
        await events.WaitForLifecycleAsync(LifecycleEventType.Suspended, (int)SuspendedDetail.Paused, TimeSpan.FromSeconds(10));
        Assert.Equal([(LifecycleEventType.Started, (int)StartedDetail.Booted), (LifecycleEventType.Suspended, (int)SuspendedDetail.Paused)], events.Lifecycle);
    }
}
