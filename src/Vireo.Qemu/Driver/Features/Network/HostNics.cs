using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;
using Vireo.Platform.Native;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>The host side of one guest NIC as created: its name and the descriptors QEMU reads it through.</summary>
internal sealed class HostNic(HostNicKind kind, string name, string? netns, List<SafeFileHandle> fds) : IDisposable
{
    public HostNicKind Kind { get; } = kind;
    public string Name { get; } = name;
    public string? Netns { get; } = netns;

    /// <summary>One per queue. Whoever takes them owns them (the launch, or the hot-plug that sends them to QEMU).</summary>
    public List<SafeFileHandle> Fds { get; } = fds;

    public void Dispose()
    {
        foreach (var fd in Fds) fd.Dispose();
    }
}

/// <summary>
/// Creates and removes tap and macvtap devices (the effects of a <see cref="HostNicPlan"/>). A tap is
/// created without TUNSETPERSIST, so it disappears by itself when the last descriptor closes: the engine
/// closes its copy once QEMU holds one, so a guest that ends in any way (even QEMU killed while the
/// engine is down) leaves no tap behind. A macvtap is a link of its own and is deleted explicitly.
/// </summary>
internal static class HostNics
{
    /// <summary>Checks what must exist before anything is created: the bridge, or the macvtap's parent device.</summary>
    public static async Task CheckAsync(HostNicPlan plan, string? netns, string what, CancellationToken ct)
    {
        if (plan.Bridge is { } bridge && !await NetLinks.ExistsAsync(netns, bridge, ct).ConfigureAwait(false))
            throw VirErrors.Invalid($"cannot connect {what}: bridge '{bridge}' does not exist{NetworkPlacement.Where(netns)}", VirErrorDomain.Qemu);
        if (plan.Parent is { } parent && !await NetLinks.ExistsAsync(netns, parent, ct).ConfigureAwait(false))
            throw VirErrors.Invalid($"cannot connect {what}: its macvtap parent device '{parent}' does not exist{NetworkPlacement.Where(netns)}", VirErrorDomain.Qemu);
    }

    public static async Task<HostNic> CreateAsync(HostNicPlan plan, string? netns, string what, CancellationToken ct, Microsoft.Extensions.Logging.ILogger? log = null)
    {
        HostNic nic;
        try
        {
            nic = plan.Kind == HostNicKind.Tap
                ? await CreateTapAsync(plan, netns, ct).ConfigureAwait(false)
                : await CreateMacvtapAsync(plan, netns, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or PlatformException or ArgumentException or TimeoutException)
        {
            throw VirErrors.System($"cannot create the host side of {what}{NetworkPlacement.Where(netns)}: {e.Message}");
        }
        if (plan.Bandwidth is null) return nic;
        try
        {
            await NicBandwidth.ApplyAsync(netns, nic.Name, plan.Bandwidth, BandwidthTcPlan.Swapped(plan.Kind), what, log, ct).ConfigureAwait(false);
            return nic;
        }
        catch
        {
            nic.Dispose();
            if (nic.Kind == HostNicKind.Macvtap) await RemoveMacvtapAsync(netns, nic.Name).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<HostNic> CreateTapAsync(HostNicPlan plan, string? netns, CancellationToken ct)
    {
        var options = new TapOptions { VnetHeader = plan.VnetHeader, MultiQueue = plan.Queues > 1 };
        (string Name, List<SafeFileHandle> Fds) OpenQueues()
        {
            var fds = new List<SafeFileHandle>();
            try
            {
                var first = TapDevice.Create(plan.Name ?? "vnet%d", options); // the kernel picks the first free vnetN
                fds.Add(first.Fd);
                for (int q = 1; q < plan.Queues; q++) fds.Add(TapDevice.Create(first.Name, options).Fd);
                return (first.Name, fds);
            }
            catch
            {
                foreach (var fd in fds) fd.Dispose();
                throw;
            }
        }
        var (name, handles) = netns is null ? OpenQueues() : await NetworkNamespace.RunInAsync(netns, OpenQueues).ConfigureAwait(false);
        var tap = new HostNic(HostNicKind.Tap, name, netns, handles);
        try
        {
            await NetLinks.SetMacAsync(netns, tap.Name, plan.HostMac.ToString(), ct).ConfigureAwait(false);
            if (plan.Bridge is { } bridge) await NetLinks.AttachToBridgeAsync(netns, tap.Name, bridge, ct).ConfigureAwait(false);
            await NetLinks.SetUpAsync(netns, tap.Name, true, ct).ConfigureAwait(false);
            return tap;
        }
        catch
        {
            tap.Dispose(); // closing the only descriptors removes the tap
            throw;
        }
    }

    private static async Task<HostNic> CreateMacvtapAsync(HostNicPlan plan, string? netns, CancellationToken ct)
    {
        string name = plan.Name ?? await FreeMacvtapNameAsync(netns, ct).ConfigureAwait(false);
        await Macvtap.CreateAsync(netns, name, plan.Parent!, plan.MacvtapMode ?? "vepa", plan.HostMac.ToString(), ct).ConfigureAwait(false);
        var fds = new List<SafeFileHandle>();
        try
        {
            for (int q = 0; q < plan.Queues; q++) fds.Add(await Macvtap.OpenAsync(netns, name, ct).ConfigureAwait(false)); // each open is a queue
            return new HostNic(HostNicKind.Macvtap, name, netns, fds);
        }
        catch
        {
            foreach (var fd in fds) fd.Dispose();
            await RemoveMacvtapAsync(netns, name).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes a macvtap link; one already gone is fine.</summary>
    public static async Task RemoveMacvtapAsync(string? netns, string name)
    {
        if (netns is not null && !File.Exists(NetworkNamespace.PathOf(netns))) return; // the namespace went, and its links with it
        if (await NetLinks.ExistsAsync(netns, name).ConfigureAwait(false))
            await NetLinks.DeleteAsync(netns, name).ConfigureAwait(false);
    }

    /// <summary>macvtap0, macvtap1, ...: the first name not in use (ip cannot report a kernel-chosen name back).</summary>
    private static async Task<string> FreeMacvtapNameAsync(string? netns, CancellationToken ct)
    {
        for (int n = 0; n < 4096; n++)
        {
            var name = $"macvtap{n}";
            if (!await NetLinks.ExistsAsync(netns, name, ct).ConfigureAwait(false)) return name;
        }
        throw new IOException("no free macvtapN name is left");
    }
}
