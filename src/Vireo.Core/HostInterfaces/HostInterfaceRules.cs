using System.Globalization;
using Vireo.Core.Errors;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// libvirt 9.0's udev interface backend as rules over what sysfs shows: which net devices it lists and in
/// what order, which it calls active, how a MAC pattern finds one, and the definition (type, MTU, link,
/// bridge ports, bond slaves, VLAN tag) its XML is made of, failing with its errors where it fails.
/// </summary>
public static class HostInterfaceRules
{
    /// <summary>
    /// The devices libvirt's udev enumeration yields: every net device but bridge ports (brport/state) and
    /// tun/tap devices (tun_flags: QEMU's guest taps), in libudev's order (by sysfs path).
    /// </summary>
    public static IReadOnlyList<HostNetDevice> Enumerate(IEnumerable<HostNetDevice> all) =>
        all.Where(d => !d.Has("brport/state") && !d.Has("tun_flags")).OrderBy(d => d.SysPath, StringComparer.Ordinal).ToList();

    /// <summary>Active means operstate "up" exactly: "unknown" (lo, a bridge without ports) is inactive.</summary>
    public static bool IsActive(HostNetDevice d) => d.Attr("operstate") == "up";

    /// <summary>
    /// What the old list calls count: operstate "up" for the active ones, and exactly "down" for the defined ones,
    /// so an interface in another state (lo's "unknown") is in neither, though listAllInterfaces calls it inactive.
    /// </summary>
    public static IEnumerable<HostNetDevice> InState(IEnumerable<HostNetDevice> enumerated, bool active) =>
        enumerated.Where(d => d.Attr("operstate") == (active ? "up" : "down"));

    /// <summary>The MAC address libvirt hands out with an interface ("" when sysfs has none).</summary>
    public static string Mac(HostNetDevice d) => d.Attr("address") ?? "";

    /// <summary>
    /// The one enumerated device whose address matches <paramref name="pattern"/> (libudev matches attribute values
    /// with fnmatch, so "02:fc:*" finds one and a case difference finds none).
    /// </summary>
    public static HostNetDevice ByMac(IEnumerable<HostNetDevice> enumerated, string pattern)
    {
        var found = enumerated.Where(d => d.Attr("address") is { } a && FnMatch.Matches(pattern, a)).Take(2).ToList();
        return found.Count switch
        {
            0 => throw HostInterfaceErrors.NoSuchMac(pattern),
            1 => found[0],
            _ => throw HostInterfaceErrors.SeveralMacs(pattern),
        };
    }

    /// <summary>
    /// udevGetIfaceDef: the definition of the net device called <paramref name="name"/> (any net device, listed or
    /// not), its bridge ports and bond slaves found through <paramref name="find"/>.
    /// </summary>
    public static HostInterfaceDef Define(string name, Func<string, HostNetDevice?> find) => Define(name, find, depth: 0);

    private static HostInterfaceDef Define(string name, Func<string, HostNetDevice?> find, int depth)
    {
        var d = find(name) ?? throw HostInterfaceErrors.NoSuchName(name);
        if (depth > 8) throw HostInterfaceErrors.Internal($"interface '{name}' is nested too deep");
        var mac = d.Attr("address");
        var operstate = d.Attr("operstate")
            ?? throw HostInterfaceErrors.CannotOpen(new FileText($"/sys/class/net/{name}/operstate", null, "No such file or directory", 2));
        if (!NetLink.Parses(operstate)) throw HostInterfaceErrors.UnparsableOperState(operstate);
        var link = NetLink.FromSysfs(operstate, d.Attr("speed"));
        var mtuText = d.Attr("mtu");
        if (mtuText is null || !TryStrtol(mtuText, out var mtu) || mtu < -(long)uint.MaxValue || mtu > uint.MaxValue)
            throw HostInterfaceErrors.Internal($"Could not parse MTU value '{mtuText ?? "<null>"}'");

        var type = d.DevType switch
        {
            "vlan" => HostInterfaceType.Vlan,
            "bridge" => HostInterfaceType.Bridge,
            "bond" => HostInterfaceType.Bond,
            _ => HostInterfaceType.Ethernet,
        };
        // Kernels that did not say DEVTYPE: a dot in the name means a VLAN, bonding/ a bond.
        if (type == HostInterfaceType.Ethernet)
        {
            if (name.Contains('.', StringComparison.Ordinal)) type = HostInterfaceType.Vlan;
            if (d.Has("bonding/mode")) type = HostInterfaceType.Bond;
        }

        var def = new HostInterfaceDef(type, name, mac, unchecked((uint)mtu), link);
        return type switch
        {
            HostInterfaceType.Vlan => def with { Vlan = Vlan(d) },
            HostInterfaceType.Bridge => def with { Bridge = Bridge(d, find, depth) },
            HostInterfaceType.Bond => def with { Bond = Bond(d, find, depth) },
            _ => def,
        };
    }

    private static HostBridge Bridge(HostNetDevice d, Func<string, HostNetDevice?> find, int depth)
    {
        var delay = d.Attr("bridge/forward_delay") ?? throw HostInterfaceErrors.Missing("bridge/forward_delay", d.Name);
        var stpText = d.Attr("bridge/stp_state") ?? throw HostInterfaceErrors.Missing("bridge/stp_state", d.Name);
        if (!TryInt(stpText, out var stp)) throw HostInterfaceErrors.Unparsable("bridge/stp_state", stpText, d.Name);
        if (stp is not (-1 or 0 or 1))
            throw HostInterfaceErrors.Internal($"Invalid STP state value {stp} received for '{d.Name}'. Must be -1, 0, or 1.");
        var ports = new List<HostInterfaceDef>();
        foreach (var port in BridgePorts(d))
        {
            try
            {
                ports.Add(Define(port, find, depth + 1));
            }
            catch (VirException)
            {
                throw HostInterfaceErrors.Internal($"Could not get interface information for '{port}', which is a member of bridge '{d.Name}'");
            }
        }
        return new HostBridge(stp, delay, ports);
    }

    /// <summary>
    /// A bridge's ports as libvirt shows them: brif/'s entries in name order, without the guests' taps (names
    /// "vnet" and a digit: libvirt leaves out what it takes for its own guest interfaces).
    /// </summary>
    public static IEnumerable<string> BridgePorts(HostNetDevice d)
    {
        var entries = d.BridgePorts ?? throw HostInterfaceErrors.NoBridgeMembers(d.Name);
        return entries.Where(e => e is not ("." or "..") && !(e.Length >= 5 && e.StartsWith("vnet", StringComparison.Ordinal) && char.IsAsciiDigit(e[4])))
            .Order(StringComparer.Ordinal);
    }

    private static HostBond Bond(HostNetDevice d, Func<string, HostNetDevice?> find, int depth)
    {
        var downDelay = BondInt(d, "bonding/downdelay");
        var upDelay = BondInt(d, "bonding/updelay");
        var frequency = BondInt(d, "bonding/miimon");
        var interval = BondInt(d, "bonding/arp_interval");
        var mode = BondWordNumber(d, "bonding/mode");
        var validate = BondWordNumber(d, "bonding/arp_validate");
        var useCarrier = BondInt(d, "bonding/use_carrier");
        var monitor = interval > 0 ? BondMonitor.Arp : frequency > 0 ? BondMonitor.Mii : BondMonitor.None;
        var target = d.Attr("bonding/arp_ip_target") ?? throw HostInterfaceErrors.Missing("bonding/arp_ip_target", d.Name);

        var slaves = new List<HostInterfaceDef>();
        foreach (var entry in d.SlaveEntries.Where(e => e.StartsWith("slave_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var slave = entry[(entry.IndexOf('_') + 1)..];
            if (slave.Length == 0) throw HostInterfaceErrors.Internal($"Invalid enslaved interface name '{entry}' seen for bond '{d.Name}'");
            try
            {
                slaves.Add(Define(slave, find, depth + 1));
            }
            catch (VirException)
            {
                throw HostInterfaceErrors.Internal($"Could not get interface information for '{entry}', which is a enslaved in bond '{d.Name}'");
            }
        }
        return new HostBond(mode, monitor, frequency, downDelay, upDelay, useCarrier, interval, target, validate, slaves);
    }

    private static int BondInt(HostNetDevice d, string attribute)
    {
        var text = d.Attr(attribute) ?? throw HostInterfaceErrors.Missing(attribute, d.Name);
        return TryInt(text, out var v) ? v : throw HostInterfaceErrors.Unparsable(attribute, text, d.Name);
    }

    /// <summary>bonding/mode and bonding/arp_validate read "name number" ("active-backup 1"): the number.</summary>
    private static int BondWordNumber(HostNetDevice d, string attribute)
    {
        var text = d.Attr(attribute) ?? throw HostInterfaceErrors.Missing(attribute, d.Name);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) throw HostInterfaceErrors.Internal($"Invalid format for '{attribute}' for '{d.Name}'");
        var rest = text[space..];
        if (rest.Length < 2) throw HostInterfaceErrors.Internal($"Unable to find correct value in '{attribute}' for '{d.Name}'");
        return TryInt(rest[1..], out var v) ? v : throw HostInterfaceErrors.Unparsable(attribute, rest, d.Name);
    }

    /// <summary>/proc/net/vlan/NAME: "VID: N" then a line "Device: PARENT".</summary>
    private static HostVlan Vlan(HostNetDevice d)
    {
        var file = d.VlanProc ?? new FileText($"/proc/net/vlan/{d.Name}", null, "No such file or directory", 2);
        var text = file.Text ?? throw HostInterfaceErrors.CannotOpen(file);
        var noVid = HostInterfaceErrors.Internal($"failed to find the VID for the VLAN device '{d.Name}'");
        var vid = text.IndexOf("VID: ", StringComparison.Ordinal);
        if (vid < 0) throw noVid;
        vid += "VID: ".Length;
        var vidLength = 0;
        while (vid + vidLength < text.Length && char.IsAsciiDigit(text[vid + vidLength])) vidLength++;
        if (vidLength == 0 || vid + vidLength >= text.Length || !IsSpace(text[vid + vidLength])) throw noVid;
        var noDevice = HostInterfaceErrors.Internal($"failed to find the real device for the VLAN device '{d.Name}'");
        var dev = text.IndexOf("\nDevice: ", vid + vidLength, StringComparison.Ordinal);
        if (dev < 0) throw noDevice;
        dev += "\nDevice: ".Length;
        var end = text.IndexOf('\n', dev);
        var device = end < 0 ? text[dev..] : text[dev..end];
        if (device.Length == 0) throw noDevice;
        return new HostVlan(text.Substring(vid, vidLength), device);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    /// <summary>virStrToLong_i: strtol over the whole text (leading blanks and a sign allowed), within int.</summary>
    private static bool TryInt(string text, out int value)
    {
        value = 0;
        if (!TryStrtol(text, out var v) || v < int.MinValue || v > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    private static bool TryStrtol(string text, out long value)
    {
        var t = text.TrimStart(' ', '\t', '\n', '\r', '\f', '\v');
        return long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
