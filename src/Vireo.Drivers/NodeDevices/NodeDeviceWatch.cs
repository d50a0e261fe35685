using System.Threading.Channels;
using Vireo.Core.NodeDevices;
using Vireo.Platform.Host;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// Turns the kernel's uevents into node device events for whoever watches: each uevent (with every other one
/// already queued behind it, so a burst costs one rescan) rereads the device list and reports the difference
/// from the last one. Runs only while someone watches: the first watcher opens the uevent source and takes
/// the starting list, the last one to leave closes it.
/// </summary>
public sealed class NodeDeviceWatch(Func<IReadOnlyList<NodeDevice>> list, Func<IUeventSource> openSource)
{
    private readonly Lock _gate = new();
    private Action<NodeDeviceEvent>[] _watchers = [];
    private CancellationTokenSource? _running;

    /// <summary>The kernel's uevents.</summary>
    public static IUeventSource KernelSource() => new KernelUevents(UeventSocket.Open());

    /// <summary>Completes when the current pump has ended (for tests and orderly shutdown).</summary>
    public Task Pumping { get; private set; } = Task.CompletedTask;

    public IDisposable Watch(Action<NodeDeviceEvent> onEvent)
    {
        lock (_gate)
        {
            if (_watchers.Length == 0)
            {
                var source = openSource();          // first, so no uevent falls between the starting list and the pump
                _running = new CancellationTokenSource();
                Pumping = PumpAsync(source, list(), _running.Token);
            }
            _watchers = [.. _watchers, onEvent];
        }
        return new Unwatch(this, onEvent);
    }

    private void Remove(Action<NodeDeviceEvent> onEvent)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_watchers, onEvent);
            if (index < 0) return;
            _watchers = [.. _watchers[..index], .. _watchers[(index + 1)..]];
            if (_watchers.Length == 0)
            {
                _running?.Cancel();
                _running = null;
            }
        }
    }

    private async Task PumpAsync(IUeventSource source, IReadOnlyList<NodeDevice> devices, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<Uevent?>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = ForwardAsync(source, queue.Writer, ct);
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var changed = new HashSet<string>(StringComparer.Ordinal);
                while (queue.Reader.TryRead(out var uevent))
                    if (uevent is { Action: "change" }) changed.Add(uevent.SysfsPath);
                var now = list();
                var events = NodeDeviceChanges.Between(devices, now, changed);
                devices = now;
                var watchers = Volatile.Read(ref _watchers);
                foreach (var e in events)
                    foreach (var watcher in watchers)
                        watcher(e);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            source.Dispose();
            try { await reading.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
    }

    private static async Task ForwardAsync(IUeventSource source, ChannelWriter<Uevent?> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var uevent in source.ReadAllAsync(ct).ConfigureAwait(false))
                writer.TryWrite(uevent);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e is OperationCanceledException ? null : e);
        }
    }

    private sealed class Unwatch(NodeDeviceWatch owner, Action<NodeDeviceEvent> onEvent) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(onEvent);
        }
    }

    private sealed class KernelUevents(UeventSocket socket) : IUeventSource
    {
        public IAsyncEnumerable<Uevent?> ReadAllAsync(CancellationToken ct) => socket.ReadAllAsync(ct);

        public void Dispose() => socket.Dispose();
    }
}
