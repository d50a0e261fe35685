using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver;

/// <summary>
/// A feature's part in a guest's life that must happen before QEMU exists: host resources its command
/// line refers to (tap and macvtap devices whose descriptors QEMU inherits, the network namespace it
/// runs in), removed again when the guest ends. Features register one with
/// <see cref="HostResourceHooks.Add"/> from a module initializer, so the start sequence never names
/// them. (<see cref="Features.GuestHooks"/> is the other half: work on the already spawned, paused
/// QEMU such as cgroups and pinning.)
/// </summary>
internal interface IHostResourceHook
{
    /// <summary>
    /// Before the command line is built. May rewrite <see cref="GuestLaunch.Def"/> (e.g. the host-side
    /// names it chose, which become the live definition) and give QEMU descriptors. If it throws, it
    /// must first undo what it created itself.
    /// </summary>
    Task PrepareAsync(GuestLaunch launch, CancellationToken ct);

    /// <summary>Once QEMU runs and the guest object exists: records what later operations need (device ids).</summary>
    void Started(GuestLaunch launch, QemuCommandLine cmd, GuestProcess guest);

    /// <summary>
    /// After the guest has ended, whatever ended it (destroy, power-off, crash, a failed start, a guest
    /// found dead at reconnect): removes what Prepare (or a later hot-plug) created, as the live
    /// definition records it. Best effort: problems are logged, never thrown.
    /// </summary>
    Task ReleaseAsync(DriverContext ctx, DomainDef live);
}

/// <summary>
/// What the hooks prepare for one start: the definition to run, descriptors for QEMU, and where it
/// runs. Disposing closes the engine's copies of the descriptors (QEMU holds its own from the spawn on).
/// </summary>
internal sealed class GuestLaunch(DriverContext ctx, DomainDef def) : IDisposable
{
    private readonly Dictionary<int, SafeHandle> _inherited = [];
    private int _nextFd = 3;

    public DriverContext Ctx { get; } = ctx;

    /// <summary>The definition to start; hooks replace it with what they filled in.</summary>
    public DomainDef Def { get; set; } = def;

    /// <summary>Tap/macvtap descriptors per interface position (QemuLaunchContext.InterfaceFds).</summary>
    public Dictionary<int, QemuInterfaceFds> InterfaceFds { get; } = [];

    /// <summary>Ports reserved for autoport displays per graphics position (QemuLaunchContext.GraphicsPorts).</summary>
    public Dictionary<int, int> GraphicsPorts { get; } = [];

    /// <summary>Descriptors the child inherits, by the number it sees.</summary>
    public IReadOnlyDictionary<int, SafeHandle> InheritedFds => _inherited;

    /// <summary>A network namespace for QEMU to run in (null: the engine's).</summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>Hands a descriptor to the child; returns the number QEMU will see it under (3, 4, ...).</summary>
    public int Pass(SafeHandle handle)
    {
        int fd = _nextFd++;
        _inherited[fd] = handle;
        return fd;
    }

    public void Dispose()
    {
        foreach (var h in _inherited.Values) h.Dispose();
        _inherited.Clear();
    }
}

/// <summary>The registered hooks and the calls the engine makes into them.</summary>
internal static class HostResourceHooks
{
    private static readonly List<IHostResourceHook> Hooks = [];

    public static void Add(IHostResourceHook hook)
    {
        lock (Hooks) Hooks.Add(hook);
    }

    private static IHostResourceHook[] All()
    {
        lock (Hooks) return [.. Hooks];
    }

    /// <summary>Runs every hook's Prepare; if one fails, the ones before it are released and the error is thrown.</summary>
    public static async Task<GuestLaunch> PrepareAsync(DriverContext ctx, DomainDef def, CancellationToken ct)
    {
        var launch = new GuestLaunch(ctx, def);
        var done = new List<IHostResourceHook>();
        try
        {
            foreach (var hook in All())
            {
                await hook.PrepareAsync(launch, ct).ConfigureAwait(false);
                done.Add(hook);
            }
            return launch;
        }
        catch
        {
            launch.Dispose();
            await ReleaseAsync(ctx, launch.Def, done).ConfigureAwait(false);
            throw;
        }
    }

    public static void Started(GuestLaunch launch, QemuCommandLine cmd, GuestProcess guest)
    {
        foreach (var hook in All()) hook.Started(launch, cmd, guest);
    }

    public static Task ReleaseAsync(DriverContext ctx, DomainDef live) => ReleaseAsync(ctx, live, All());

    private static async Task ReleaseAsync(DriverContext ctx, DomainDef live, IEnumerable<IHostResourceHook> hooks)
    {
        foreach (var hook in hooks)
        {
            try
            {
                await hook.ReleaseAsync(ctx, live).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ctx.Log.LogWarning("Domain {Name}: releasing host resources ({Hook}) failed: {Error}", live.Name, hook.GetType().Name, e.Message);
            }
        }
    }
}
