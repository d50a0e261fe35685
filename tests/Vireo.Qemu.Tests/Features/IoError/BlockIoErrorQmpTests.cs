using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Driver.Features.IoError;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.IoError;

/// <summary>
/// BLOCK_IO_ERROR to libvirt's IO_ERROR / IO_ERROR_REASON and the ioerror pause. block-io-error-nospace.json is
/// QEMU 7.2's event for a -blockdev disk (no backend name, the format node named) under werror=stop whose host
/// file system filled up; ../DiskErrors/query-block-nospace.json is query-block of the same guest.
/// </summary>
public sealed class BlockIoErrorQmpTests
{
    private static string Here([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;

    private static QmpEvent Event(string json) => (QmpEvent)QmpMessage.Parse(Encoding.UTF8.GetBytes(json));

    private static QmpEvent Captured() => Event(File.ReadAllText(Path.Combine(Here(), "block-io-error-nospace.json")).Trim());

    private static IReadOnlyList<QmpBlockDevice> Blocks() =>
        QmpBlockDevice.ListFromJson(JsonNode.Parse(File.ReadAllText(Path.Combine(Here(), "..", "DiskErrors", "query-block-nospace.json"))));

    private static readonly DiskDef Vda = new() { Target = new DiskTargetDef("vda", DiskBus.Virtio), Source = new DiskSourceDef("/var/lib/vireo/img/full.qcow2") };
    private static readonly Dictionary<string, string> Ids = new() { ["vda"] = "virtio-disk0" };

    [Fact]
    public void A_full_host_file_system_under_werror_stop_is_action_pause_with_reason_enospc()
    {
        Assert.Equal(new BlockIoError("", "libvirt-1-format", BlockIoErrorQmp.ActionPause, "enospc"), BlockIoErrorQmp.Parse(Captured()));
    }

    [Fact]
    public void A_blockdev_disk_is_found_by_its_node_through_query_block()
    {
        var error = BlockIoErrorQmp.Parse(Captured())!;
        Assert.Equal(new IoErrorDisk("/var/lib/vireo/img/full.qcow2", "virtio-disk0"), BlockIoErrorQmp.DiskOf(error, [Vda], Ids, Blocks()));
    }

    [Fact]
    public void A_drive_backend_name_is_the_alias_after_drive_and_an_unknown_disk_is_empty_strings()
    {
        var byDrive = new BlockIoError("drive-virtio-disk0", null, BlockIoErrorQmp.ActionReport, "");
        Assert.Equal(new IoErrorDisk("/var/lib/vireo/img/full.qcow2", "virtio-disk0"), BlockIoErrorQmp.DiskOf(byDrive, [Vda], Ids, []));
        var unknownNode = new BlockIoError("", "libvirt-9-format", BlockIoErrorQmp.ActionPause, "");
        Assert.Equal(IoErrorDisk.Unknown, BlockIoErrorQmp.DiskOf(unknownNode, [Vda], Ids, Blocks()));
    }

    [Theory]
    [InlineData("""{"event":"BLOCK_IO_ERROR","data":{"device":"","node-name":"n","operation":"read","action":"report","nospace":false,"reason":"Input/output error"},"timestamp":{"seconds":1,"microseconds":0}}""", 2, "")]
    [InlineData("""{"event":"BLOCK_IO_ERROR","data":{"device":"","node-name":"n","operation":"write","action":"ignore","reason":"Input/output error"},"timestamp":{"seconds":1,"microseconds":0}}""", 0, "")]
    [InlineData("""{"event":"BLOCK_IO_ERROR","data":{"device":"","node-name":"n","operation":"write","reason":"x"},"timestamp":{"seconds":1,"microseconds":0}}""", 0, "")]
    [InlineData("""{"event":"BLOCK_IO_ERROR","data":{"device":"","node-name":"n","operation":"write","action":"stop","nospace":false,"reason":"Input/output error"},"timestamp":{"seconds":1,"microseconds":0}}""", 1, "")]
    public void Actions_and_reasons_as_libvirt_reads_them(string json, int action, string reason)
    {
        var parsed = BlockIoErrorQmp.Parse(Event(json))!;
        Assert.Equal((action, reason), (parsed.Action, parsed.Reason));
    }

    [Fact]
    public void Other_events_are_not_io_errors() =>
        Assert.Null(BlockIoErrorQmp.Parse(Event("""{"event":"STOP","timestamp":{"seconds":1,"microseconds":0}}""")));

    private static GuestView Guest(StateWithReason state) =>
        new(state, false, false, false, null, null, LifecycleAction.Destroy, LifecycleAction.Restart, LifecycleAction.Destroy);

    private static readonly EmitIoError Pause = new("/img/a", "virtio-disk0", BlockIoErrorQmp.ActionPause, "enospc");

    [Fact]
    public void A_pausing_error_on_a_running_guest_pauses_it_for_ioerror_after_the_error_events()
    {
        var d = EventTransitions.Decide(Guest(StateWithReason.Of(RunningReason.Booted)), new QmpEventView("BLOCK_IO_ERROR", IoError: Pause));
        Assert.Equal(StateWithReason.Of(PausedReason.IoError), d.NewState);
        Assert.Equal([Pause, new EmitLifecycle(LifecycleEventType.Suspended, (int)SuspendedDetail.IoError)], d.Emits);
    }

    [Fact]
    public void The_stop_qemu_sends_after_it_changes_nothing()
    {
        var d = EventTransitions.Decide(Guest(StateWithReason.Of(PausedReason.IoError)), new QmpEventView("STOP"));
        Assert.Null(d.NewState);
        Assert.Empty(d.Emits);
    }

    [Fact]
    public void A_repeated_error_on_a_paused_guest_and_a_reported_error_only_emit_the_error()
    {
        var again = EventTransitions.Decide(Guest(StateWithReason.Of(PausedReason.IoError)), new QmpEventView("BLOCK_IO_ERROR", IoError: Pause));
        Assert.Null(again.NewState);
        Assert.Equal([Pause], again.Emits);
        var report = Pause with { Action = BlockIoErrorQmp.ActionReport, Reason = "" };
        var reported = EventTransitions.Decide(Guest(StateWithReason.Of(RunningReason.Booted)), new QmpEventView("BLOCK_IO_ERROR", IoError: report));
        Assert.Null(reported.NewState);
        Assert.Equal([report], reported.Emits);
    }
}
