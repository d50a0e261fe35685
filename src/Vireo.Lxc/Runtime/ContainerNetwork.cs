using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Lxc.Plan;
using Vireo.Platform.Network;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// veth pairs for a container's &lt;interface&gt;s. The host end stays (in the bridge for 'bridge' and
/// 'network'), the other end carries the domain's MAC and is moved into the container by the helper,
/// which renames it eth0, eth1, ... When the container's network namespace goes away the kernel
/// deletes the pair, so only a failed start has anything to remove.
/// </summary>
internal static class ContainerNetwork
{
    public sealed record Veth(string Host, string Peer, string Inner);

    /// <summary>Host and peer names for interface <paramref name="index"/>: short, unique per domain.</summary>
    public static (string Host, string Peer) NamesFor(DomainDef def, InterfaceDef nic, int index)
    {
        var tag = def.Uuid.ToString("N")[..8];
        var i = index.ToString(CultureInfo.InvariantCulture);
        return (nic.TargetDev ?? $"vlx{tag}h{i}", $"vlx{tag}c{i}");
    }

    public static async Task<IReadOnlyList<Veth>> CreateAsync(DomainDef def, string? netns,
        Func<string, string?> networkBridge, CancellationToken ct)
    {
        var created = new List<Veth>();
        try
        {
            for (int i = 0; i < def.Devices.Interfaces.Count; i++)
            {
                var nic = def.Devices.Interfaces[i];
                string? bridge = nic.Type switch
                {
                    InterfaceType.Bridge => nic.Source!.Bridge,
                    InterfaceType.Network => networkBridge(nic.Source!.Network!) ?? throw new VirException(
                        VirErrorCode.OperationInvalid, VirErrorDomain.Lxc,
                        $"container '{def.Name}' uses virtual network '{nic.Source.Network}', which the LXC driver does not know; use <interface type='bridge'>"),
                    _ => null,
                };
                var (host, peer) = NamesFor(def, nic, i);
                var veth = new Veth(host, peer, $"eth{i}");
                await Run(def, $"create the veth pair {host}/{peer}", () => NetLinks.CreateVethPairAsync(netns, host, peer, ct)).ConfigureAwait(false);
                created.Add(veth);
                if (nic.Mac is { } mac)
                    await Run(def, $"set the MAC address of {peer}", () => NetLinks.SetMacAsync(netns, peer, mac.ToString(), ct)).ConfigureAwait(false);
                if (bridge is not null)
                    await Run(def, $"attach {host} to bridge '{bridge}'", () => NetLinks.AttachToBridgeAsync(netns, host, bridge, ct)).ConfigureAwait(false);
                await Run(def, $"bring up {host}", () => NetLinks.SetUpAsync(netns, host, true, ct)).ConfigureAwait(false);
            }
            return created;
        }
        catch
        {
            await RemoveAsync(created.Select(v => v.Host), netns).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes host ends that still exist (deleting one end removes the pair).</summary>
    public static async Task RemoveAsync(IEnumerable<string> hostNames, string? netns)
    {
        foreach (var name in hostNames)
        {
            try
            {
                if (await NetLinks.ExistsAsync(netns, name).ConfigureAwait(false))
                    await NetLinks.DeleteAsync(netns, name).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Best effort: the pair normally vanished with the container's namespace already.
            }
        }
    }

    public static IReadOnlyList<PlanNetif> PlanInterfaces(IReadOnlyList<Veth> veths) =>
        veths.Select(v => new PlanNetif(v.Peer, v.Inner)).ToList();

    private static async Task Run(DomainDef def, string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not VirException and not OperationCanceledException)
        {
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot {what} for container '{def.Name}': {e.Message}", e);
        }
    }
}
