using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// A copy that is mirroring when vireod restarts (a new engine over the same state directory; the guest and its
/// QEMU job run on): the new engine shows the &lt;mirror&gt; from the status file, finds the job again in QEMU,
/// and a pivot then moves the disk to the copy.
/// </summary>
public sealed class BlockCopyAcrossRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_copy_started_before_a_restart_is_found_again_and_pivots()
    {
        var name = DemoKit.UniqueName("bcrs");
        var image = Path.Combine(_root.Path, "src.qcow2");
        var copy = Path.Combine(_root.Path, "copy.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        Guid uuid;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, xml => xml.Replace("<serial type='pty'>",
                $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk><serial type='pty'>",
                StringComparison.Ordinal))).Uuid;
            await Jobs(first).CopyAsync(uuid, "vda", new BlockCopyDestination(copy, false, DiskFormat.Qcow2), BlockCopyTuning.Default,
                BlockCopyFlags.TransientJob, CancellationToken.None);
            await Expect.EventuallyAsync(() => Task.FromResult(first.Domains.Xml(uuid, XmlFlags.None)), x => x.Contains("job='copy' ready='yes'", StringComparison.Ordinal),
                "the copy reaching the mirroring phase");
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync(); // the guest and its mirror job run on

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            Assert.Contains($"<mirror type='file' file='{copy}' format='qcow2' job='copy' ready='yes'>", second.Domains.Xml(uuid, XmlFlags.None));
            Assert.Equal(BlockJobType.Copy, (await Jobs(second).GetJobInfoAsync(uuid, "vda", BlockJobInfoFlags.None, CancellationToken.None))?.Type);
            await Jobs(second).AbortJobAsync(uuid, "vda", BlockJobAbortFlags.Pivot, CancellationToken.None);
            var live = second.Domains.Xml(uuid, XmlFlags.None);
            Assert.Contains($"<source file='{copy}'/>", live);
            Assert.DoesNotContain("<mirror", live);
            Assert.Contains($"<source file='{copy}'/>", second.Domains.Xml(uuid, XmlFlags.Inactive));
            Assert.Null(await Jobs(second).GetJobInfoAsync(uuid, "vda", BlockJobInfoFlags.None, CancellationToken.None));
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static IDomainBlockJobs Jobs(Engine engine) =>
        engine.Driver.Feature<IDomainBlockJobs>() ?? throw new InvalidOperationException("the QEMU driver has no block job feature");
}
