using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.NodeDevices;
using Vireo.Platform.Host;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// Turns the kernel's uevents into node device events for whoever watches: each uevent (with every other one
/// already queued behind it, so a burst costs one rescan) rereads the device list and reports the difference
/// from the last one. Runs only while someone watches: the first watcher opens the uevent source and takes
/// the starting list, the last one to leave closes it. A failure never silences the watchers for good: a
/// rescan that fails (sysfs changing under it) is logged and the next burst rescans again; a uevent source
/// that fails is closed and reopened, with one rescan for whatever happened meanwhile; if it cannot be
/// reopened, the next Watch call starts again.
/// </summary>
public sealed class NodeDeviceWatch(Func<IReadOnlyList<NodeDevice>> list, Func<IUeventSource> openSource, ILogger? log = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;
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
            if (_watchers.Length == 0 || Pumping.IsCompleted)
            {
                var source = openSource();          // first, so no uevent falls between the starting list and the pump
                _running?.Cancel();
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
        while (true)
        {
            try
            {
                devices = await PumpUntilFailureAsync(source, devices, ct).ConfigureAwait(false);
                return;                                 // cancelled: the last watcher left
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning(e, "The kernel's uevent socket failed ({Message}); reopening it", e.Message);
            }
            try
            {
                source = openSource();
            }
            catch (Exception e)
            {
                _log.LogError(e, "The kernel's uevent socket could not be reopened ({Message}); node device events stop until a client registers again", e.Message);
                return;
            }
            devices = Report(devices, new HashSet<string>(StringComparer.Ordinal)); // what happened while it was closed
        }
    }

    /// <summary>Reports each burst until cancelled (returning the last listing) or until the source fails (throwing).</summary>
    private async Task<IReadOnlyList<NodeDevice>> PumpUntilFailureAsync(IUeventSource source, IReadOnlyList<NodeDevice> devices, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<Uevent?>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = ForwardAsync(source, queue.Writer, stopReading.Token);
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                var changed = new HashSet<string>(StringComparer.Ordinal);
                while (queue.Reader.TryRead(out var uevent))
                    if (uevent is { Action: "change" }) changed.Add(uevent.SysfsPath);
                devices = Report(devices, changed);
            }
            throw new IOException("the uevent source ended");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return devices;
        }
        finally
        {
            stopReading.Cancel();
            source.Dispose();
            try { await reading.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Rescans and tells every watcher what changed; returns the new listing (the old one when the rescan failed).</summary>
    private IReadOnlyList<NodeDevice> Report(IReadOnlyList<NodeDevice> devices, HashSet<string> changed)
    {
        IReadOnlyList<NodeDevice> now;
        try
        {
            now = list();
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Rescanning the host's devices after a uevent failed ({Message}); the next uevent rescans again", e.Message);
            return devices;
        }
        var events = NodeDeviceChanges.Between(devices, now, changed);
        var watchers = Volatile.Read(ref _watchers);
        foreach (var e in events)
            foreach (var watcher in watchers)
            {
                try
                {
                    watcher(e);
                }
                catch (Exception failure)
                {
                    _log.LogWarning(failure, "A node device event watcher failed on {Device}", e.Device);
                }
            }
        return now;
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
