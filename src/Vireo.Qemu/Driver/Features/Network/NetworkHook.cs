using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// The network part of starting and ending a guest: before QEMU starts, a tap (bridge, network,
/// ethernet) or macvtap (direct) for every interface that needs one, its descriptors handed to QEMU
/// (-netdev tap,fd=N), its name written into the live definition (&lt;target dev='vnet0'/&gt;, which
/// domiflist and domifstat read); after the guest ends, the macvtaps are deleted (taps go by themselves
/// with QEMU's descriptors). A domain placed in a network namespace (<see cref="NetworkPlacement"/>)
/// gets all of this inside that namespace, and its QEMU runs there.
/// </summary>
internal sealed class NetworkHook : IHostResourceHook
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => HostResourceHooks.Add(new NetworkHook());

    public async Task PrepareAsync(GuestLaunch launch, CancellationToken ct)
    {
        var def = launch.Def;
        var netns = NetworkPlacement.RequireNamespace(def);
        launch.NetworkNamespace = netns;
        var nics = def.Devices.Interfaces.ToArray();

        // Decide and check everything first, so a refused definition creates nothing.
        var plans = new List<(int Index, HostNicPlan Plan, string What)>();
        for (int i = 0; i < nics.Length; i++)
        {
            if (HostNicPlan.For(nics[i], i, def, (network, what) => NetworkDefinitions.BridgeOf(launch.Ctx.Paths.ConfigDir, network, what, launch.Ctx.Paths.RunDir)) is not { } plan)
                continue;
            var what = $"{InterfaceArgs.Describe(nics[i], i)} of domain '{def.Name}'";
            await HostNics.CheckAsync(plan, netns, what, ct).ConfigureAwait(false);
            plans.Add((i, plan, what));
        }
        if (plans.Count == 0) return;

        var created = new List<HostNic>();
        try
        {
            foreach (var (i, plan, what) in plans)
            {
                var host = await HostNics.CreateAsync(plan, netns, what, ct, launch.Ctx.Log).ConfigureAwait(false);
                created.Add(host);
                nics[i] = nics[i] with { TargetDev = host.Name };
                launch.InterfaceFds[i] = new QemuInterfaceFds(host.Fds.Select(launch.Pass).ToList()); // the launch owns them now
            }
        }
        catch
        {
            foreach (var host in created.Where(h => h.Kind == HostNicKind.Macvtap))
                await HostNics.RemoveMacvtapAsync(host.Netns, host.Name).ConfigureAwait(false);
            throw; // the taps go when the launch closes their descriptors
        }
        launch.Def = def with { Devices = def.Devices with { Interfaces = nics } };
    }

    public void Started(GuestLaunch launch, QemuCommandLine cmd, GuestProcess guest)
    {
        foreach (var nic in cmd.Interfaces)
            if (nic.Mac is { } mac)
                InterfaceIds.Record(guest, mac, nic.DeviceId, nic.NetdevId);
    }

    public async Task ReleaseAsync(DriverContext ctx, DomainDef live)
    {
        var netns = NetworkPlacement.NamespaceOf(live);
        foreach (var nic in live.Devices.Interfaces)
            if (nic.Type == InterfaceType.Direct && nic.TargetDev is { } name)
                await HostNics.RemoveMacvtapAsync(netns, name).ConfigureAwait(false);
    }
}

/// <summary>The QEMU ids (-device id, -netdev id) of a running guest's NICs, by MAC, kept in the guest's feature runtime.</summary>
internal static class InterfaceIds
{
    private const string Prefix = "nic.";

    public static void Record(GuestProcess guest, MacAddress mac, string deviceId, string netdevId) =>
        guest.FeatureRuntime[Prefix + mac] = deviceId + " " + netdevId;

    public static void Forget(GuestProcess guest, MacAddress mac) => guest.FeatureRuntime.TryRemove(Prefix + mac, out _);

    public static (string DeviceId, string NetdevId)? Find(GuestProcess guest, MacAddress mac) =>
        guest.FeatureRuntime.TryGetValue(Prefix + mac, out var v) && v.Split(' ') is [var device, var netdev] ? (device, netdev) : null;

    /// <summary>Every netdev id in use (hot-plug picks new ones that do not collide).</summary>
    public static IEnumerable<string> AllNetdevIds(GuestProcess guest) =>
        guest.FeatureRuntime.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).Select(kv => kv.Value.Split(' ')[^1]);

    public static IEnumerable<string> AllDeviceIds(GuestProcess guest) =>
        guest.FeatureRuntime.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).Select(kv => kv.Value.Split(' ')[0]);
}
