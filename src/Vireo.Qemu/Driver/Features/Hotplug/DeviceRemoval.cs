using Vireo.Drivers.Events;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// Waits for a guest to release a device: device_del only asks (an ACPI unplug request the guest's
/// kernel must answer), QEMU reports the end with DEVICE_DELETED, which the engine publishes as
/// <see cref="DeviceRemovedEvent"/>. Subscribed before device_del is sent, so the event cannot be missed.
/// </summary>
internal sealed class DeviceRemoval : IDisposable
{
    private readonly DomainEventBus.Subscription _sub;
    private readonly Guid _uuid;
    private readonly string _deviceId;
    private Task<bool>? _seen;

    public DeviceRemoval(DomainEventBus bus, Guid uuid, string deviceId)
    {
        _sub = bus.Subscribe();
        _uuid = uuid;
        _deviceId = deviceId;
    }

    /// <summary>Completes true when the device is gone, false when the guest ended first.</summary>
    public Task<bool> Removed(Task guestEnded) => _seen ??= WatchAsync(guestEnded);

    private async Task<bool> WatchAsync(Task guestEnded)
    {
        var reading = Task.Run(async () =>
        {
            await foreach (var e in _sub.Reader.ReadAllAsync().ConfigureAwait(false))
                if (e is DeviceRemovedEvent d && d.Domain.Uuid == _uuid && d.DeviceAlias == _deviceId) return true;
            return false; // unsubscribed
        });
        return await Task.WhenAny(reading, guestEnded).ConfigureAwait(false) == reading && await reading.ConfigureAwait(false);
    }

    /// <summary>True if the device went within <paramref name="timeout"/>; false if the guest has not answered yet.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, Task guestEnded, CancellationToken ct)
    {
        var removed = Removed(guestEnded);
        var first = await Task.WhenAny(removed, Task.Delay(timeout, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return first == removed && await removed.ConfigureAwait(false);
    }

    public void Dispose() => _sub.Dispose();
}
