using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.BlockIoTune;

/// <summary>
/// A live throttle change survives an engine restart (a vireod restart over the same state directory): the new
/// engine re-adopts the guest with the changed &lt;iotune&gt; in its live definition, and a live read still gets
/// QEMU's values.
/// </summary>
public sealed class BlockIoTuneAcrossRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_live_change_is_kept_in_the_live_definition_across_a_restart()
    {
        var name = DemoKit.UniqueName("iotrs");
        var image = Path.Combine(_root.Path, "io.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        Guid uuid;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, BlockIoTuneTests.WithThrottledDisk(image))).Uuid;
            await Feature(first).SetBlockIoTuneAsync(uuid, "vda", [TypedParameter.ULLong("write_bytes_sec", 700000)], ModifyFlags.Live, CancellationToken.None);
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync(); // the guest runs on

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            Assert.Contains("<write_bytes_sec>700000</write_bytes_sec>", second.Domains.Xml(uuid, XmlFlags.None));
            var values = await Feature(second).GetBlockIoTuneAsync(uuid, "vda", ModifyFlags.Live, CancellationToken.None);
            Assert.Equal(("700000", "200", "g1"), (Value(values, "write_bytes_sec"), Value(values, "total_iops_sec"), Value(values, "group_name")));
            var guest = (Vireo.Qemu.Driver.GuestProcess)second.Driver.Registry.GetByUuid(uuid).Handle!;
            var inserted = BlockIoTuneTests.Inserted(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlock(), CancellationToken.None));
            Assert.Equal(700000L, (long)inserted["bps_wr"]!);
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static string Value(IReadOnlyList<TypedParameter> ps, string field) => ps.Single(p => p.Field == field).ToString() ?? "";

    private static IDomainBlockIoTune Feature(Engine engine) =>
        engine.Driver.Feature<IDomainBlockIoTune>() ?? throw new InvalidOperationException("the QEMU driver has no blkdeviotune feature");
}
