using System.Threading.Channels;
using Vireo.Core.NodeDevices;
using Vireo.Drivers.NodeDevices;
using Vireo.Platform.Host;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.NodeDevices;

/// <summary>
/// Node device events without the kernel: the difference between two listings, the watcher over a queue of
/// uevents standing in for the kernel's socket (one rescan per burst, started by the first watcher and
/// stopped by the last), and the event messages' XDR. NodeDeviceEventVirshTests covers the real thing.
/// </summary>
public sealed class NodeDeviceEventTests
{
    private static NodeDevice Net(string name, string state = "down") =>
        new($"net_{name}_52_54_00_00_00_01", NodeDeviceCap.Net, $"/sys/devices/virtual/net/{name}", null, null, [],
            [$"<interface>{name}</interface>", $"<link state='{state}'/>"]) { Parent = "computer" };

    private static readonly NodeDevice Computer = new("computer", NodeDeviceCap.System, null, null, null, [], []);

    [Fact]
    public void Devices_gone_are_deleted_new_ones_created_and_changed_ones_updated_each_in_name_order()
    {
        var before = new[] { Computer, Net("b"), Net("a"), Net("c"), Net("d") };
        var after = new[] { Computer, Net("d"), Net("c", "up"), Net("z"), Net("e"), Net("a") };

        var events = NodeDeviceChanges.Between(before, after, new HashSet<string> { "/sys/devices/virtual/net/a" });

        Assert.Equal(
        [
            new NodeDeviceEvent(Net("b").Name, NodeDeviceLifecycle.Deleted),
            new NodeDeviceEvent(Net("e").Name, NodeDeviceLifecycle.Created),
            new NodeDeviceEvent(Net("z").Name, NodeDeviceLifecycle.Created),
            NodeDeviceEvent.Updated(Net("a").Name),   // the kernel said "change", though nothing shown differs
            NodeDeviceEvent.Updated(Net("c").Name),   // its XML differs
        ], events);
        Assert.Empty(NodeDeviceChanges.Between(after, after, new HashSet<string>()));
    }

    private sealed class QueuedUevents : IUeventSource
    {
        public readonly Channel<Uevent?> Queue = Channel.CreateUnbounded<Uevent?>();
        public bool Disposed;

        public IAsyncEnumerable<Uevent?> ReadAllAsync(CancellationToken ct) => Queue.Reader.ReadAllAsync(ct);

        public void Dispose() => Disposed = true;
    }

    private static Uevent Change(string name) =>
        new("change", $"/devices/virtual/net/{name}", "net", new Dictionary<string, string>());

    [Fact]
    public async Task The_watcher_reports_what_each_burst_of_uevents_changed_to_every_watcher_until_the_last_leaves()
    {
        var listing = new[] { Computer, Net("a") };
        var listings = 0;
        var sources = new List<QueuedUevents>();
        var watch = new NodeDeviceWatch(() => { Interlocked.Increment(ref listings); return Volatile.Read(ref listing); },
            () => { var s = new QueuedUevents(); sources.Add(s); return s; });
        var first = Channel.CreateUnbounded<NodeDeviceEvent>();
        var second = Channel.CreateUnbounded<NodeDeviceEvent>();
        var ct = TestContext.Current.CancellationToken;

        var one = watch.Watch(e => first.Writer.TryWrite(e));
        var two = watch.Watch(e => second.Writer.TryWrite(e));
        Assert.Single(sources);           // one uevent source for every watcher
        Assert.Equal(1, listings);        // the starting list

        Volatile.Write(ref listing, [Computer, Net("a"), Net("b")]);
        sources[0].Queue.Writer.TryWrite(Change("a"));
        Assert.Equal(new NodeDeviceEvent(Net("b").Name, NodeDeviceLifecycle.Created), await first.Reader.ReadAsync(ct));
        Assert.Equal(NodeDeviceEvent.Updated(Net("a").Name), await first.Reader.ReadAsync(ct));
        Assert.Equal(new NodeDeviceEvent(Net("b").Name, NodeDeviceLifecycle.Created), await second.Reader.ReadAsync(ct));

        one.Dispose();
        Volatile.Write(ref listing, [Computer, Net("b")]);
        sources[0].Queue.Writer.TryWrite(null);     // lost uevents: a rescan says what changed all the same
        Assert.Equal(NodeDeviceEvent.Updated(Net("a").Name), await second.Reader.ReadAsync(ct)); // the rest of the first burst
        Assert.Equal(new NodeDeviceEvent(Net("a").Name, NodeDeviceLifecycle.Deleted), await second.Reader.ReadAsync(ct));
        Assert.False(first.Reader.TryRead(out _));  // gone before the second burst

        two.Dispose();
        await watch.Pumping.WaitAsync(ct);
        Assert.True(sources[0].Disposed);           // the last watcher gone, the socket is closed
        using var again = watch.Watch(_ => { });
        Assert.Equal(2, sources.Count);             // and a new watcher opens a new one
    }

    /// <summary>Ends a test that would otherwise wait forever for an event a broken watcher never sends (not a timing check).</summary>
    private static CancellationTokenSource HangBound()
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        return bound;
    }

    [Fact]
    public async Task A_failed_uevent_source_is_reopened_and_what_happened_meanwhile_is_reported()
    {
        var listing = new[] { Computer, Net("a") };
        var sources = new List<QueuedUevents>();
        var watch = new NodeDeviceWatch(() => Volatile.Read(ref listing), () => { var s = new QueuedUevents(); lock (sources) sources.Add(s); return s; });
        var heard = Channel.CreateUnbounded<NodeDeviceEvent>();
        using var bound = HangBound();
        var ct = bound.Token;
        using var watching = watch.Watch(e => heard.Writer.TryWrite(e));

        Volatile.Write(ref listing, [Computer, Net("a"), Net("b")]);
        sources[0].Queue.Writer.TryComplete(new IOException("recvmsg failed"));
        Assert.Equal(new NodeDeviceEvent(Net("b").Name, NodeDeviceLifecycle.Created), await heard.Reader.ReadAsync(ct));
        Assert.Equal(2, sources.Count);
        Assert.True(sources[0].Disposed);

        Volatile.Write(ref listing, [Computer, Net("b")]);
        sources[1].Queue.Writer.TryWrite(Change("b"));          // the new source is the one heard
        Assert.Equal(new NodeDeviceEvent(Net("a").Name, NodeDeviceLifecycle.Deleted), await heard.Reader.ReadAsync(ct));
        Assert.Equal(NodeDeviceEvent.Updated(Net("b").Name), await heard.Reader.ReadAsync(ct));
        Assert.False(watch.Pumping.IsCompleted);
    }

    [Fact]
    public async Task A_rescan_that_fails_skips_that_burst_only()
    {
        var listing = new[] { Computer, Net("a") };
        var failures = 0;                                        // the rescans still to fail
        var failed = new TaskCompletionSource();
        var source = new QueuedUevents();
        var watch = new NodeDeviceWatch(() =>
        {
            if (Interlocked.Decrement(ref failures) < 0) return Volatile.Read(ref listing);
            failed.TrySetResult();
            throw new DirectoryNotFoundException("/sys/class/net/b vanished");
        }, () => source);
        var heard = Channel.CreateUnbounded<NodeDeviceEvent>();
        using var bound = HangBound();
        var ct = bound.Token;
        using var watching = watch.Watch(e => heard.Writer.TryWrite(e));

        Volatile.Write(ref failures, 1);
        Volatile.Write(ref listing, [Computer, Net("a"), Net("b")]);
        source.Queue.Writer.TryWrite(Change("a"));
        await failed.Task.WaitAsync(ct);
        source.Queue.Writer.TryWrite(null);                      // the next burst rescans and reports against the last good listing
        Assert.Equal(new NodeDeviceEvent(Net("b").Name, NodeDeviceLifecycle.Created), await heard.Reader.ReadAsync(ct));
        Assert.False(watch.Pumping.IsCompleted);
    }

    [Fact]
    public async Task When_the_source_cannot_be_reopened_the_next_watcher_starts_it_again_for_everyone()
    {
        var listing = new[] { Computer };
        var opened = 0;
        var sources = new List<QueuedUevents>();
        var watch = new NodeDeviceWatch(() => Volatile.Read(ref listing), () =>
        {
            if (Interlocked.Increment(ref opened) == 2) throw new IOException("no more netlink sockets");
            var s = new QueuedUevents(); lock (sources) sources.Add(s); return s;
        });
        var first = Channel.CreateUnbounded<NodeDeviceEvent>();
        using var bound = HangBound();
        var ct = bound.Token;
        using var one = watch.Watch(e => first.Writer.TryWrite(e));

        sources[0].Queue.Writer.TryComplete(new IOException("recvmsg failed"));
        await watch.Pumping.WaitAsync(ct);                      // the reopen failed: the pump ended

        using var two = watch.Watch(_ => { });
        Assert.Equal(2, sources.Count);                          // a new source, for both watchers
        Volatile.Write(ref listing, [Computer, Net("c")]);
        sources[1].Queue.Writer.TryWrite(Change("c"));
        Assert.Equal(new NodeDeviceEvent(Net("c").Name, NodeDeviceLifecycle.Created), await first.Reader.ReadAsync(ct));
    }

    [Fact]
    public void Lifecycle_and_update_messages_are_libvirts_records_and_go_only_to_the_registration_that_wants_them()
    {
        var created = new NodeDeviceEvent("net_vt0_52_54_00_00_00_01", NodeDeviceLifecycle.Created);
        var updated = NodeDeviceEvent.Updated("net_vt0_52_54_00_00_00_01");

        var lifecycle = ObjectEventEncoder.NodeDevice(created, eventId: 0, callbackId: 7);
        var update = ObjectEventEncoder.NodeDevice(updated, eventId: 1, callbackId: 8);

        Assert.NotNull(lifecycle);
        Assert.NotNull(update);
        Assert.Null(ObjectEventEncoder.NodeDevice(created, eventId: 1, callbackId: 8));
        Assert.Null(ObjectEventEncoder.NodeDevice(updated, eventId: 0, callbackId: 7));
        Assert.Equal(376, (int)RemoteProcedure.NodeDeviceEventLifecycle);
        Assert.Equal(377, (int)RemoteProcedure.NodeDeviceEventUpdate);

        // {int callbackID; string name (length, bytes, padding); int event; int detail}
        Assert.Equal(Convert.FromHexString("00000007" + "00000005" + "6E65745F78000000" + "00000001" + "00000000"),
            Encode(new NodeDeviceLifecycleMsg(7, "net_x", (int)NodeDeviceLifecycle.Deleted, 0)));
        var bytes = Encode(new NodeDeviceUpdateMsg(8, "net_x"));
        Assert.Equal(Convert.FromHexString("00000008" + "00000005" + "6E65745F78000000"), bytes);
        var r = new XdrReader(bytes);
        Assert.Equal(new NodeDeviceUpdateMsg(8, "net_x"), NodeDeviceUpdateMsg.Decode(ref r));
    }

    private static byte[] Encode<T>(T record) where T : IXdrRecord<T>
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new XdrWriter(buffer);
        record.Encode(ref w);
        return buffer.WrittenSpan.ToArray();
    }
}
