using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>
/// Puts every guest of one driver into its cgroups at start (before 'cont', so no guest code runs
/// unconfined), finds them again on reconnect, and removes them when the guest ends. A host where
/// vireod cannot use cgroups (not root, nothing mounted) still runs guests, unless the definition asks
/// for something only a cgroup can give (then the start fails and says which element needs it).
/// </summary>
internal sealed class GuestCgroups : IGuestRunHook
{
    private static readonly ConditionalWeakTable<DriverContext, GuestCgroups> PerDriver = new();
    private readonly ConcurrentDictionary<(string Name, int Id), GuestCgroup> _groups = new();
    private readonly ConcurrentDictionary<(string Name, int Id), string> _paths = new();
    private readonly DriverContext _ctx;
    private readonly Lazy<CgroupLayout?> _detected;

    private GuestCgroups(DriverContext ctx)
    {
        _ctx = ctx;
        _detected = new(() =>
        {
            try { return CgroupLayout.Detect(); }
            catch (IOException) { return null; }
        });
    }

    /// <summary>The one instance of a driver; creating it registers it as a guest hook.</summary>
    public static GuestCgroups For(DriverContext ctx) => PerDriver.GetValue(ctx, static c =>
    {
        var g = new GuestCgroups(c);
        c.Hooks.Add(g);
        return g;
    });

    /// <summary>The hierarchies used; tests may point this at one version (e.g. only the unified mount).</summary>
    public CgroupLayout? Layout
    {
        get => _layoutOverride ?? _detected.Value;
        set => _layoutOverride = value;
    }

    private CgroupLayout? _layoutOverride;

    /// <summary>Why guests run without cgroups here, or null when they can have them.</summary>
    public string? UnavailableReason =>
        !Environment.IsPrivilegedProcess ? "vireod is not running as root"
        : Layout is not { } l ? "no cgroup hierarchy is mounted"
        : l.PreferredVersion == CgroupVersion.V1 || l.UnifiedMount is not null ? null
        : "no cgroup hierarchy is mounted";

    /// <summary>The guest's groups, or null when it runs without.</summary>
    public GuestCgroup? Of(GuestProcess guest) => _groups.GetValueOrDefault((guest.Live.Name, guest.Id));

    /// <summary>
    /// The guest's groups after its vCPUs changed (vCPU hot-plug): one "vcpuN" per present vCPU, the new
    /// ones created (the caller moves their threads in); null when the guest runs without cgroups.
    /// </summary>
    public GuestCgroup? Resize(GuestProcess guest)
    {
        var key = (guest.Live.Name, guest.Id);
        if (!_groups.ContainsKey(key) || !_paths.TryGetValue(key, out var path)) return null;
        return _groups[key] = GuestCgroup.Open(Layout!, path, guest.VcpuThreads.Count);
    }

    /// <summary>The guest's groups, or the error libvirt users know from a host without the controller.</summary>
    public GuestCgroup Require(GuestProcess guest, string action) =>
        Of(guest) ?? throw VirErrors.OperationUnsupported(
            $"cannot {action} of domain '{guest.Live.Name}': it runs without a cgroup ({UnavailableReason ?? "its cgroup could not be set up when it started; see the daemon's log"})",
            VirErrorDomain.Qemu);

    public Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        var def = guest.Live;
        var plan = CgroupPlan.From(def, guest.VcpuThreads.Count);
        StartChecks.Check(def, HostResources.Read());
        var path = GuestCgroupPath.For(_ctx.Paths.RunDir, guest.Id, def.Name, def.Resource);
        _paths[(def.Name, guest.Id)] = path;
        if (UnavailableReason is { } reason)
        {
            if (plan.Requested.Count > 0)
                throw VirErrors.Unsupported(
                    $"cannot start domain '{def.Name}': {string.Join(", ", plan.Requested)} need{(plan.Requested.Count == 1 ? "s" : "")} a cgroup, and {reason}",
                    VirErrorDomain.Qemu);
            _ctx.Log.LogInformation("Domain {Name}: running without a cgroup ({Reason})", def.Name, reason);
            PinWithoutCgroup(def.Name, guest, plan);
            return Task.CompletedTask;
        }
        try
        {
            _groups[(def.Name, guest.Id)] = GuestCgroup.Place(Layout!, path, guest.Process.Pid, guest.VcpuThreads, plan);
            _ctx.Log.LogDebug("Domain {Name}: placed in cgroup {Path}", def.Name, path);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
        {
            if (plan.Requested.Count > 0)
                throw VirErrors.System($"cannot start domain '{def.Name}': applying {string.Join(", ", plan.Requested)} to its cgroup {path} failed: {e.Message}", VirErrorDomain.Qemu);
            _ctx.Log.LogWarning("Domain {Name}: running without a cgroup: setting up {Path} failed: {Error}", def.Name, path, e.Message);
            PinWithoutCgroup(def.Name, guest, plan);
        }
        return Task.CompletedTask;
    }

    private static void PinWithoutCgroup(string name, GuestProcess guest, CgroupPlan plan)
    {
        try
        {
            plan.ApplyAsAffinity(guest.Process.Pid, guest.VcpuThreads);
        }
        catch (IOException e)
        {
            throw VirErrors.System($"cannot start domain '{name}': pinning its threads failed: {e.Message}", VirErrorDomain.Qemu);
        }
    }

    public Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        var def = guest.Live;
        var path = GuestCgroupPath.For(_ctx.Paths.RunDir, guest.Id, def.Name, def.Resource);
        _paths[(def.Name, guest.Id)] = path;
        if (UnavailableReason is null && Exists(path))
            _groups[(def.Name, guest.Id)] = GuestCgroup.Open(Layout!, path, guest.VcpuThreads.Count);
        return Task.CompletedTask;
    }

    public async Task EndedAsync(string name, int id)
    {
        var path = _paths.TryRemove((name, id), out var p) ? p : GuestCgroupPath.For(_ctx.Paths.RunDir, id, name, null);
        if (_groups.TryRemove((name, id), out var group))
            await group.RemoveAsync().ConfigureAwait(false);
        else if (UnavailableReason is null && Exists(path))
            await Platform.Cgroups.Cgroups.Create(path, Layout!).RemoveAsync().ConfigureAwait(false);
    }

    /// <summary>Whether the group exists in any hierarchy (so cleanup never creates one).</summary>
    private bool Exists(string path)
    {
        var layout = Layout!;
        if (layout.PreferredVersion == CgroupVersion.V2)
            return Directory.Exists(Path.Combine(layout.UnifiedMount!, path));
        return layout.V1Mounts.Values.Any(m => Directory.Exists(Path.Combine(m, path)));
    }
}
