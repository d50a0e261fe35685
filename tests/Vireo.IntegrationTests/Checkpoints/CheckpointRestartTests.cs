using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Checkpoints;

/// <summary>
/// Checkpoint metadata is in the state directory, not in the daemon's memory: a new engine on the same root
/// lists the checkpoints of the guest it reconnects to and deletes one (its bitmap goes through the
/// reconnected monitor).
/// </summary>
public sealed class CheckpointRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Checkpoints_survive_a_daemon_restart_and_can_be_deleted_after_it()
    {
        var disk = Path.Combine(_root.Path, "ck.qcow2");
        await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", disk, "16M");
        var first = await Engine.StartAsync(_root.Path);
        DomainRef d;
        try
        {
            d = await first.DefineAndStartAsync(DemoKit.UniqueName("ckre"), x => x.Replace("</devices>",
                $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{disk}'/><target dev='vda' bus='virtio'/></disk></devices>", StringComparison.Ordinal));
            var checkpoints = first.Driver.Feature<IDomainCheckpoints>()!;
            await checkpoints.CreateAsync(d.Uuid, "<domaincheckpoint><name>c1</name></domaincheckpoint>", CheckpointCreateFlags.None, CancellationToken.None);
            await checkpoints.CreateAsync(d.Uuid, "<domaincheckpoint><name>c2</name></domaincheckpoint>", CheckpointCreateFlags.None, CancellationToken.None);
        }
        catch
        {
            await first.DestroyAllAsync();
            throw;
        }
        await first.DisposeAsync();

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            var checkpoints = second.Driver.Feature<IDomainCheckpoints>()!;
            Assert.Equal(["c1", "c2"], checkpoints.List(d.Uuid, CheckpointListFlags.None));
            Assert.Equal("c1", checkpoints.Parent(d.Uuid, "c2", 0));
            await checkpoints.DeleteAsync(d.Uuid, "c1", CheckpointDeleteFlags.None, CancellationToken.None);
            Assert.Equal(["c2"], checkpoints.List(d.Uuid, CheckpointListFlags.None));
            var guest = (Vireo.Qemu.Driver.GuestProcess)second.Driver.Registry.GetByUuid(d.Uuid).Handle!;
            var bitmaps = QmpDirtyBitmap.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), CancellationToken.None));
            Assert.Equal(["c2"], bitmaps.Select(b => b.Name));
            // A third checkpoint's parent is still the newest one: the current mark survived too.
            await checkpoints.CreateAsync(d.Uuid, "<domaincheckpoint><name>c3</name></domaincheckpoint>", CheckpointCreateFlags.None, CancellationToken.None);
            Assert.Equal("c2", checkpoints.Parent(d.Uuid, "c3", 0));
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }
}
