using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// guest-network-get-interfaces as virDomainInterface records, the way libvirt reads it: the guest's own
/// interface names ("eth0:1" aliases folded into "eth0"), its hardware address when it reports one, and
/// every ipv4/ipv6 address with its prefix. Pure.
/// </summary>
internal static class AgentInterfaces
{
    public static IReadOnlyList<GuestInterface> FromAgent(JsonNode? answer, string domainName)
    {
        if (answer is not JsonArray list)
            throw Malformed(domainName, "its answer is not a list");
        var byName = new List<(string Name, string? Mac, List<GuestIpAddress> Addresses)>();
        foreach (var node in list)
        {
            if (node is not JsonObject entry || (string?)entry["name"] is not { } rawName)
                throw Malformed(domainName, "an interface has no name");
            // An alias ("eth0:1") is another address of the same interface: libvirt lists it under "eth0".
            var name = rawName.Split(':')[0];
            var index = byName.FindIndex(i => i.Name == name);
            if (index < 0)
            {
                byName.Add((name, (string?)entry["hardware-address"], []));
                index = byName.Count - 1;
            }
            if (entry["ip-addresses"] is not JsonArray addresses) continue;
            foreach (var a in addresses)
            {
                var type = (string?)a?["ip-address-type"] switch
                {
                    "ipv4" => GuestIpAddressType.IPv4,
                    "ipv6" => GuestIpAddressType.IPv6,
                    var other => throw Malformed(domainName, $"interface '{name}' has an address of unknown type '{other}'"),
                };
                var address = (string?)a?["ip-address"] ?? throw Malformed(domainName, $"interface '{name}' has an address without 'ip-address'");
                var prefix = a?["prefix"] is JsonValue p && p.TryGetValue(out uint n) ? n : 0;
                byName[index].Addresses.Add(new GuestIpAddress(type, address, prefix));
            }
        }
        return byName.Select(i => new GuestInterface(i.Name, i.Mac, i.Addresses)).ToList();
    }

    internal static VirException Malformed(string domainName, string why) =>
        new(VirErrorCode.InternalError, VirErrorDomain.Qemu, $"the guest agent of domain '{domainName}' answered guest-network-get-interfaces badly: {why}");
}
