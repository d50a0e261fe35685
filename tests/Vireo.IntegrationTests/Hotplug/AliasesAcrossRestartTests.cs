using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Hotplug;

/// <summary>
/// The live XML's aliases (and a hot-plugged device's) are part of the guest's status: after the engine restarts
/// (a vireod restart over the same state directory) the reconnected guest shows the same live XML, a device is
/// still removed by its alias with DEVICE_REMOVED naming it, and the saved definition never had the generated ones.
/// </summary>
public sealed class AliasesAcrossRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Aliases_survive_a_restart_and_detach_by_alias_still_works()
    {
        var name = DemoKit.UniqueName("alrs");
        var image = Path.Combine(_root.Path, "alrs.qcow2");
        await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", image, "32M");
        var disk = $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vdc' bus='virtio'/></disk>";
        Guid uuid;
        string before;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, xml => xml.Replace("</devices>",
                "<interface type='user'><mac address='52:54:00:4e:a1:51'/><model type='virtio'/><alias name='ua-lan'/></interface></devices>", StringComparison.Ordinal))).Uuid;
            await using (var console = await first.ConsoleAsync(uuid))
                await console.WaitUntilReadyAsync();
            await Devices(first).AttachAsync(uuid, disk, DeviceModifyFlags.Live, CancellationToken.None); // hot-plugged: virtio-disk2
            before = first.Domains.Xml(uuid, XmlFlags.None);
            Assert.Contains("<alias name='virtio-disk2'/>", before);
            Assert.Contains("<alias name='ua-lan'/>", before);
            Assert.Contains("<alias name='serial0'/>", before);
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
            Assert.Equal(before, second.Domains.Xml(uuid, XmlFlags.None));
            var saved = second.Domains.Xml(uuid, XmlFlags.Inactive);
            Assert.Contains("<alias name='ua-lan'/>", saved);
            Assert.DoesNotContain("<alias name='serial0'/>", saved);
            Assert.DoesNotContain("virtio-disk", saved);

            using var events = new EventLog(second.Driver.Events, name);
            await Devices(second).DetachAliasAsync(uuid, "virtio-disk2", DeviceModifyFlags.Live, CancellationToken.None);
            var removed = (DeviceRemovedEvent)await events.WaitForAsync(e => e is DeviceRemovedEvent, TimeSpan.FromSeconds(90), "device-removed");
            Assert.Equal("virtio-disk2", removed.DeviceAlias);
            await Expect.EventuallyAsync(() => Task.FromResult(second.Domains.Xml(uuid, XmlFlags.None)),
                x => !x.Contains("virtio-disk2", StringComparison.Ordinal), "the disk leaving the live XML");
            var monitor = ((Vireo.Qemu.Driver.GuestProcess)second.Driver.Registry.GetByUuid(uuid).Handle!).RequireMonitor();
            var peripherals = (await monitor.ExecuteAsync(new QmpCommand("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }), CancellationToken.None))!.ToJsonString();
            Assert.DoesNotContain("virtio-disk2", peripherals);
            Assert.Contains("ua-lan", peripherals);
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static IDomainDevices Devices(Engine engine) =>
        engine.Driver.Feature<IDomainDevices>() ?? throw new InvalidOperationException("the QEMU driver has no device feature");
}
