using System.Runtime.CompilerServices;
using System.Text;
using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Driver.Features.Tray;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Tray;

/// <summary>
/// DEVICE_TRAY_MOVED to libvirt's TRAY_CHANGE. tray-moved.jsonl is QEMU 7.2's pair for an IDE cdrom on -blockdev
/// (no backend name, the device's id) after QMP eject (force) and blockdev-close-tray.
/// </summary>
public sealed class TrayMovedQmpTests
{
    private static QmpEvent Event(string data) =>
        (QmpEvent)QmpMessage.Parse(Encoding.UTF8.GetBytes($$"""{"timestamp":{"seconds":1764569000,"microseconds":1},"event":"DEVICE_TRAY_MOVED","data":{{data}}}"""));

    private static string Here([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;

    private static readonly Dictionary<string, string> Ids = new() { ["hdc"] = "ide0-1-0", ["vda"] = "virtio-disk0" };

    [Fact]
    public void Ejecting_and_closing_is_opened_then_closed_for_the_disks_alias()
    {
        var captured = File.ReadAllLines(Path.Combine(Here(), "tray-moved.jsonl"));
        Assert.Equal([new EmitTrayChange("ide0-1-0", TrayMovedQmp.Opened), new EmitTrayChange("ide0-1-0", TrayMovedQmp.Closed)],
            captured.Select(l => TrayMovedQmp.Translate((QmpEvent)QmpMessage.Parse(Encoding.UTF8.GetBytes(l)), Ids)));
    }

    [Theory]
    [InlineData("""{"device":"drive-ide0-1-0","tray-open":true,"id":"ide0-1-0"}""", TrayMovedQmp.Opened)]
    [InlineData("""{"device":"","tray-open":false,"id":"/machine/peripheral/ide0-1-0/unused"}""", TrayMovedQmp.Closed)]
    public void A_tray_of_one_of_the_disks_is_its_alias_opened_or_closed(string data, int reason) =>
        Assert.Equal(new EmitTrayChange("ide0-1-0", reason), TrayMovedQmp.Translate(Event(data), Ids));

    [Theory]
    [InlineData("""{"device":"","tray-open":true,"id":"ide0-0-1"}""")] // not a disk of this domain
    [InlineData("""{"device":"","tray-open":true}""")] // names nothing
    [InlineData("""{"device":"","id":"ide0-1-0"}""")] // no tray state
    public void Anything_else_sends_nothing(string data) => Assert.Null(TrayMovedQmp.Translate(Event(data), Ids));

    [Fact]
    public void The_table_passes_the_tray_change_on_without_changing_the_state()
    {
        var running = new GuestView(StateWithReason.Of(RunningReason.Booted), false, false, false, null, null,
            LifecycleAction.Destroy, LifecycleAction.Restart, LifecycleAction.Destroy);
        var tray = new EmitTrayChange("ide0-1-0", TrayMovedQmp.Opened);
        var d = EventTransitions.Decide(running, new QmpEventView(TrayMovedQmp.EventName, Tray: tray));
        Assert.Null(d.NewState);
        Assert.Equal([tray], d.Emits);
    }
}
