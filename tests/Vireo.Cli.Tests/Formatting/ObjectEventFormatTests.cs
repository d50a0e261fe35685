using Vireo.Cli.Formatting;
using Vireo.Client;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>net-event, pool-event, secret-event and nodedev-event lines, with virsh 9.0's words (ObjectEventCliTests compares them with virsh itself).</summary>
public sealed class ObjectEventFormatTests
{
    [Theory]
    [InlineData(VirObjectKind.Network, 0, 2, "event 'lifecycle' for network lab: Started\n")]
    [InlineData(VirObjectKind.Network, 0, 4, "event 'lifecycle' for network lab: unknown\n")]
    [InlineData(VirObjectKind.StoragePool, 0, 5, "event 'lifecycle' for storage pool lab: Deleted\n")]
    [InlineData(VirObjectKind.StoragePool, 1, null, "event 'refresh' for storage pool lab\n")]
    [InlineData(VirObjectKind.Secret, 0, 1, "event 'lifecycle' for secret lab: Undefined\n")]
    [InlineData(VirObjectKind.Secret, 1, null, "event 'value-changed' for secret lab\n")]
    [InlineData(VirObjectKind.NodeDevice, 0, 0, "event 'lifecycle' for node device lab: Created\n")]
    [InlineData(VirObjectKind.NodeDevice, 1, null, "event 'update' for node device lab\n")]
    [InlineData(VirObjectKind.NodeDevice, 7, null, "event 'unknown' for node device lab\n")]
    public void Each_event_is_printed_with_virshs_words(VirObjectKind kind, int eventId, int? lifecycle, string expected) =>
        Assert.Equal(expected, ObjectEventFormat.Line(new VirObjectEvent(kind, "lab", eventId, lifecycle), null));

    [Fact]
    public void Timestamp_prefix_is_virshs_and_names_are_listed_by_event_id()
    {
        var at = new DateTimeOffset(2026, 12, 1, 12, 40, 58, 716, TimeSpan.Zero);
        Assert.Equal("2026-12-01 12:40:58.716+0000: event 'refresh' for storage pool p\n",
            ObjectEventFormat.Line(new VirObjectEvent(VirObjectKind.StoragePool, "p", 1, null), at));
        Assert.Equal(["lifecycle"], ObjectEventFormat.Names(VirObjectKind.Network));
        Assert.Equal(["lifecycle", "value-changed"], ObjectEventFormat.Names(VirObjectKind.Secret));
    }
}
