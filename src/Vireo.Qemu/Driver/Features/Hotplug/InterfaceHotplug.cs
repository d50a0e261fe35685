using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Driver.Features.Network;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// Network interfaces on a running guest. Attach: the host side is made as at start (tap on the
/// bridge, or macvtap; <see cref="HostNics"/>), its descriptors are sent over the monitor socket
/// (getfd, SCM_RIGHTS), then netdev_add on them and device_add of the NIC; the engine's copies are
/// closed, so the tap lives as long as QEMU's netdev. Detach: device_del, DEVICE_DELETED, netdev_del,
/// and a macvtap is deleted. Link state: set_link on the NIC. Caller holds the job.
/// </summary>
internal static class InterfaceHotplug
{
    public static async Task<DomainDef> AttachAsync(DriverContext ctx, GuestProcess guest, InterfaceDef nic, CancellationToken ct)
    {
        var def = guest.Live;
        DeviceEdits.Add(def, new InterfaceSpec(nic)); // refuses a MAC in use
        int index = def.Devices.Interfaces.Count;
        var what = $"{InterfaceArgs.Describe(nic, index)} of domain '{def.Name}'";
        var netns = NetworkPlacement.RequireNamespace(def);
        var plan = HostNicPlan.For(nic, index, def, (network, w) => NetworkDefinitions.BridgeOf(ctx.Paths.ConfigDir, network, w, ctx.Paths.RunDir));
        if (plan is not null) await HostNics.CheckAsync(plan, netns, what, ct).ConfigureAwait(false);

        int k = Enumerable.Range(0, int.MaxValue).First(i =>
            !InterfaceIds.AllDeviceIds(guest).Contains($"net{i}") && !InterfaceIds.AllNetdevIds(guest).Contains($"hostnet{i}"));
        var deviceId = DeviceAliases.Pick(nic.Alias, $"net{k}");
        var netdevId = $"hostnet{k}";
        bool vhost = plan is not null && nic.Driver?.Name != InterfaceDriverName.Qemu && (nic.Model ?? "").StartsWith("virtio", StringComparison.Ordinal)
                     && Platform.Host.HostFacts.VhostNetAvailable(); // as at start: vhost-net whenever the host has it

        var monitor = guest.RequireMonitor();
        using var host = plan is null ? null : await HostNics.CreateAsync(plan, netns, what, ct, ctx.Log).ConfigureAwait(false);
        var fdNames = new List<string>();
        bool netdevAdded = false;
        try
        {
            for (int q = 0; host is not null && q < host.Fds.Count; q++)
            {
                var name = $"{netdevId}-fd{q}";
                await monitor.ExecuteWithFdsAsync(QmpCommands.GetFd(name), [host.Fds[q]], ct).ConfigureAwait(false);
                fdNames.Add(name);
            }
            await monitor.ExecuteAsync(HotplugQmp.Netdev(nic, netdevId, fdNames, vhost), ct).ConfigureAwait(false);
            netdevAdded = true; // QEMU took the named descriptors
            await monitor.ExecuteAsync(HotplugQmp.NicDevice(nic, deviceId, netdevId, def.Name), ct).ConfigureAwait(false);
            if (nic.Link == LinkState.Down) await monitor.ExecuteAsync(QmpCommands.SetLink(deviceId, false), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException or VirException)
        {
            await QmpSteps.RunQuietlyAsync(ctx, monitor, what, netdevAdded ? [QmpCommands.NetdevDel(netdevId)] : fdNames.Select(QmpCommands.CloseFd)).ConfigureAwait(false);
            if (host is { Kind: HostNicKind.Macvtap }) await HostNics.RemoveMacvtapAsync(netns, host.Name).ConfigureAwait(false);
            throw e is VirException v ? v : QmpSteps.Refused(what, "attach", e);
        }
        InterfaceIds.Record(guest, nic.Mac!.Value, deviceId, netdevId);
        return def with { Devices = def.Devices with { Interfaces = [.. def.Devices.Interfaces, nic with { TargetDev = host?.Name ?? nic.TargetDev, Alias = deviceId }] } };
    }

    /// <summary>A NIC the guest was asked to release.</summary>
    public sealed record PendingDetach(InterfaceDef Nic, string DeviceId, string NetdevId);

    public static async Task<PendingDetach> RequestDetachAsync(GuestProcess guest, InterfaceDef nic, CancellationToken ct)
    {
        var what = $"interface {nic.Mac} of domain '{guest.Live.Name}'";
        var (deviceId, netdevId) = InterfaceIds.Find(guest, nic.Mac!.Value)
            ?? throw VirErrors.Internal($"the engine does not know QEMU's ids of {what}");
        try
        {
            await guest.RequireMonitor().ExecuteAsync(QmpCommands.DeviceDel(deviceId), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException)
        {
            throw QmpSteps.Refused(what, "detach", e);
        }
        return new PendingDetach(nic, deviceId, netdevId);
    }

    /// <summary>After DEVICE_DELETED: removes the backend (QEMU closes the tap, which then disappears) and a macvtap.</summary>
    public static async Task<DomainDef> FinishDetachAsync(DriverContext ctx, GuestProcess guest, PendingDetach pending)
    {
        var what = $"interface {pending.Nic.Mac} of domain '{guest.Live.Name}'";
        await QmpSteps.RunQuietlyAsync(ctx, guest.RequireMonitor(), what, [QmpCommands.NetdevDel(pending.NetdevId)]).ConfigureAwait(false);
        if (pending.Nic.Type == InterfaceType.Direct && pending.Nic.TargetDev is { } macvtap)
            await HostNics.RemoveMacvtapAsync(NetworkPlacement.NamespaceOf(guest.Live), macvtap).ConfigureAwait(false);
        InterfaceIds.Forget(guest, pending.Nic.Mac!.Value);
        return DeviceEdits.Remove(guest.Live, new InterfaceSpec(pending.Nic));
    }

    /// <summary>domif-setlink: the NIC's link as the guest sees it (its carrier, /sys/class/net/ethN/operstate).</summary>
    public static async Task<DomainDef> SetLinkAsync(GuestProcess guest, InterfaceDef current, InterfaceDef updated, CancellationToken ct)
    {
        var what = $"interface {current.Mac} of domain '{guest.Live.Name}'";
        var (deviceId, _) = InterfaceIds.Find(guest, current.Mac!.Value) ?? throw VirErrors.Internal($"the engine does not know QEMU's ids of {what}");
        try
        {
            await guest.RequireMonitor().ExecuteAsync(QmpCommands.SetLink(deviceId, updated.Link != LinkState.Down), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException)
        {
            throw QmpSteps.Refused(what, "change the link of", e);
        }
        return DeviceEdits.Replace(guest.Live, current, updated);
    }
}
