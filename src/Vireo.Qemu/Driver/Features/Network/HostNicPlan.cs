using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Network;

internal enum HostNicKind { Tap, Macvtap }

/// <summary>
/// What the host side of one guest NIC is, decided from the XML alone (pure): a tap device (types
/// bridge, network, ethernet), optionally enslaved to a bridge, or a macvtap on a parent device (type
/// direct). <see cref="Name"/> null means "pick one" (vnetN, macvtapN); a &lt;target dev&gt; the user
/// chose is kept unless it has one of libvirt's generated prefixes (those are output of an earlier start).
/// </summary>
internal sealed record HostNicPlan
{
    public required HostNicKind Kind { get; init; }
    public string? Name { get; init; }

    /// <summary>Tap: the bridge to join (bridge and network types).</summary>
    public string? Bridge { get; init; }

    /// <summary>Macvtap: the host device it sits on and ip's mode word (vepa, bridge, private, passthru).</summary>
    public string? Parent { get; init; }
    public string? MacvtapMode { get; init; }

    /// <summary>The host side's own MAC: the guest's for a macvtap (it filters on it), with 0xfe first for a tap (so a bridge never takes the guest's address as its own, as libvirt does).</summary>
    public required MacAddress HostMac { get; init; }

    /// <summary>One descriptor per queue (&lt;driver queues&gt;).</summary>
    public int Queues { get; init; } = 1;

    /// <summary>&lt;bandwidth&gt; to apply with tc once the device exists (<see cref="NicBandwidth"/>).</summary>
    public BandwidthDef? Bandwidth { get; init; }

    /// <summary>Virtio NICs get IFF_VNET_HDR (offloads); emulated NICs do not, as libvirt does.</summary>
    public bool VnetHeader { get; init; }

    /// <summary>The plan for one interface; null for user-mode networking (QEMU needs nothing from the host).</summary>
    /// <param name="resolveNetwork">Maps a &lt;source network&gt; name to its bridge (<see cref="NetworkDefinitions"/>).</param>
    public static HostNicPlan? For(InterfaceDef nic, int index, DomainDef def, Func<string, string, string> resolveNetwork)
    {
        if (nic.Type == InterfaceType.User) return null;
        var what = $"{InterfaceArgs.Describe(nic, index)} of domain '{def.Name}'";
        var mac = nic.Mac ?? InterfaceArgs.GeneratedMac(def.Uuid, index);
        var model = nic.Model ?? "rtl8139";
        bool virtio = model.StartsWith("virtio", StringComparison.Ordinal);
        int queues = (int)(nic.Driver?.Queues ?? 1);
        if (queues < 1) throw VirErrors.Unsupported($"{what} asks for 0 queues", VirErrorDomain.Qemu);
        if (nic.Bandwidth?.Inbound?.Floor is > 0)
            throw VirErrors.Unsupported($"{what} has a guaranteed rate (<inbound floor>), which needs QoS on its network's bridge; Vireo does not apply 'floor' yet", VirErrorDomain.Qemu);
        if (nic.Driver?.Name == InterfaceDriverName.Vhost && !Platform.Host.HostFacts.VhostNetAvailable())
            throw VirErrors.Unsupported($"vhost-net is not available on this host (/dev/vhost-net is missing); remove <driver name='vhost'/> from {what}", VirErrorDomain.Qemu);

        if (nic.Type == InterfaceType.Direct)
        {
            var parent = nic.Source?.Dev ?? throw VirErrors.Unsupported($"{what} has no <source dev='...'/> naming the host device for its macvtap", VirErrorDomain.Qemu);
            return new HostNicPlan
            {
                Kind = HostNicKind.Macvtap,
                Name = KeepName(nic.TargetDev, "macvtap", "macvlan"),
                Parent = parent,
                MacvtapMode = (nic.Source.Mode ?? DirectMode.Vepa) switch // libvirt's default mode is vepa
                {
                    DirectMode.Bridge => "bridge",
                    DirectMode.Private => "private",
                    DirectMode.Passthrough => "passthru",
                    _ => "vepa",
                },
                HostMac = mac,
                Queues = queues,
                VnetHeader = virtio,
                Bandwidth = nic.Bandwidth,
            };
        }

        string? bridge = nic.Type switch
        {
            InterfaceType.Bridge => nic.Source?.Bridge ?? throw VirErrors.Unsupported($"{what} has no <source bridge='...'/>", VirErrorDomain.Qemu),
            InterfaceType.Network => resolveNetwork(nic.Source?.Network ?? throw VirErrors.Unsupported($"{what} has no <source network='...'/>", VirErrorDomain.Qemu), what),
            _ => null, // ethernet: a bare tap, brought up, connected to nothing (the administrator wires it)
        };
        var hostMac = mac.GetBytes();
        hostMac[0] = 0xfe;
        return new HostNicPlan
        {
            Kind = HostNicKind.Tap,
            Name = KeepName(nic.TargetDev, "vnet"),
            Bridge = bridge,
            HostMac = new MacAddress(hostMac),
            Queues = queues,
            VnetHeader = virtio,
            Bandwidth = nic.Bandwidth,
        };
    }

    private static string? KeepName(string? target, params string[] generatedPrefixes) =>
        target is null || generatedPrefixes.Any(p => target.StartsWith(p, StringComparison.Ordinal)) ? null : target;
}
