using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>
/// &lt;interface type='network'&gt;: a network name is mapped to its bridge through the network driver's
/// definition files (Vireo.Drivers.Networks.NetworkStore), libvirt's own format: the live definition of an
/// active network (RUN/networks/NAME.xml, transient networks included), else the persistent one
/// (CONFIG/networks/NAME.xml, for vireod /var/lib/vireo/qemu/config/networks/), so a copy of
/// /etc/libvirt/qemu/networks/default.xml works unchanged:
/// <code>&lt;network&gt;&lt;name&gt;default&lt;/name&gt;&lt;bridge name='virbr0'/&gt;&lt;/network&gt;</code>
/// Without a file, the network name is taken as the bridge name (a host bridge the administrator runs).
/// </summary>
internal static class NetworkDefinitions
{
    public static string DirectoryUnder(string configDir) => Path.Combine(configDir, "networks");

    /// <summary>The bridge a network name stands for.</summary>
    public static string BridgeOf(string configDir, string network, string what, string? runDir = null)
    {
        if (network.Contains('/') || network is "." or "..")
            throw VirErrors.Unsupported($"{what} names network '{network}', which is not a valid network name", VirErrorDomain.Qemu);
        var live = runDir is null ? null : Path.Combine(DirectoryUnder(runDir), network + ".xml");
        var file = live is not null && File.Exists(live) ? live : Path.Combine(DirectoryUnder(configDir), network + ".xml");
        if (!File.Exists(file)) return network;
        return ParseBridge(File.ReadAllText(file), file);
    }

    /// <summary>The &lt;bridge name&gt; of a libvirt network definition. Pure.</summary>
    public static string ParseBridge(string xml, string file)
    {
        var root = SafeXml.Load(xml, message => VirErrors.Xml($"the network definition {file} is not well-formed XML: {message}"));
        if (root.Name != "network")
            throw VirErrors.Xml($"the network definition {file} has root <{root.Name.LocalName}>, expecting <network>");
        return root.Element("bridge")?.Attribute("name")?.Value is { Length: > 0 } bridge
            ? bridge
            : throw VirErrors.Unsupported($"the network definition {file} has no <bridge name='...'/>; Vireo connects guests of a network to its bridge", VirErrorDomain.Qemu);
    }

    /// <summary>
    /// `domifaddr --source lease`: the DHCP leases dnsmasq gave the MACs of the guest's &lt;interface type='network'&gt;s,
    /// read from the active network's lease file beside its live definition (as libvirt reads its network driver's).
    /// </summary>
    public static IReadOnlyList<GuestInterface> Leases(string runDir, IEnumerable<InterfaceDef> nics)
    {
        var result = new List<GuestInterface>();
        foreach (var nic in nics)
        {
            if (nic.Type != InterfaceType.Network || nic.Source?.Network is not { } network || nic.Mac is not { } mac || network.Contains('/')) continue;
            var files = new NetworkRunFiles(DirectoryUnder(runDir), network);
            var live = Path.Combine(files.Directory, network + ".xml");
            if (!File.Exists(live) || !File.Exists(files.Leases)) continue;
            var def = NetworkXml.Parse(File.ReadAllText(live), stableUuid: true);
            var text = mac.ToString().ToLowerInvariant();
            var addresses = DhcpLeases.Parse(File.ReadAllText(files.Leases), def, text)
                .Select(l => new GuestIpAddress(GuestIpAddressType.IPv4, l.IpAddress, (uint)l.Prefix)).ToList();
            if (addresses.Count > 0) result.Add(new GuestInterface(nic.TargetDev ?? "", text, addresses));
        }
        return result;
    }
}
