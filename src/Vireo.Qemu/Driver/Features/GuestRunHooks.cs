using Microsoft.Extensions.Logging;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver.Features;

/// <summary>
/// A feature that takes part in the running life of every guest (cgroup placement and start-time
/// tuning): once QEMU runs paused with its vCPU threads known, when the engine re-adopts it, and when
/// it has ended. Registered per driver into <see cref="DriverContext.Hooks"/> when the feature is
/// created. (Host resources QEMU needs before it is spawned, such as tap devices, use the engine's
/// static <see cref="Driver.GuestHooks"/> instead.)
/// </summary>
internal interface IGuestRunHook
{
    /// <summary>
    /// QEMU runs paused (-S) with its monitor up and its vCPU threads known; no guest code has run yet.
    /// Throwing fails the start: the process is killed and <see cref="EndedAsync"/> runs.
    /// </summary>
    Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct);

    /// <summary>The engine re-adopted a guest a previous engine started.</summary>
    Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct);

    /// <summary>The guest's QEMU is gone (however it ended, or a start failed): release what the hook set up for it.</summary>
    Task EndedAsync(string name, int id);
}

/// <summary>The hooks of one driver, called in registration order.</summary>
internal sealed class GuestRunHooks(ILogger log)
{
    private readonly List<IGuestRunHook> _hooks = [];

    public void Add(IGuestRunHook hook)
    {
        lock (_hooks) _hooks.Add(hook);
    }

    private IGuestRunHook[] Snapshot()
    {
        lock (_hooks) return [.. _hooks];
    }

    public async Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        foreach (var h in Snapshot()) await h.StartingAsync(dom, guest, ct).ConfigureAwait(false);
    }

    /// <summary>A hook that fails here is logged: the guest runs on, as it did before the engine restarted.</summary>
    public async Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        foreach (var h in Snapshot())
        {
            try
            {
                await h.ReconnectedAsync(dom, guest, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Domain {Name}: reconnecting {Hook} failed: {Error}", dom.Name, h.GetType().Name, e.Message);
            }
        }
    }

    /// <summary>Never throws: cleanup after an end must not stop the rest of the teardown.</summary>
    public async Task EndedAsync(string name, int id)
    {
        foreach (var h in Snapshot())
        {
            try
            {
                await h.EndedAsync(name, id).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                log.LogWarning("Domain {Name}: cleaning up {Hook} after the guest ended failed: {Error}", name, h.GetType().Name, e.Message);
            }
        }
    }
}
