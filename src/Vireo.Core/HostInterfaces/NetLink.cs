using System.Globalization;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// A network link's operational state and speed as libvirt's virNetDevGetLinkInfo reads them from sysfs
/// (operstate, speed), and the &lt;link/&gt; line virInterfaceLinkFormat writes for them. Both the interface
/// XML (iface-dumpxml) and the node device XML of a net device (nodedev-dumpxml) carry it.
/// </summary>
public readonly record struct NetLink(string? State, uint Speed)
{
    /// <summary>virNetDevIfState's names (the kernel's IF_OPER_* words), in libvirt's order.</summary>
    public static readonly IReadOnlyList<string> States = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];

    /// <summary>
    /// From the operstate and speed files (without their newline; null when unreadable). The speed only counts
    /// while the link is up: drivers report made-up speeds for a link that is down, so libvirt ignores them.
    /// The kernel's -1 (speed unknown) reads as 4294967295, as libvirt's virStrToLong_ui makes it.
    /// </summary>
    public static NetLink FromSysfs(string? operstate, string? speed)
    {
        var state = operstate is not null && States.Contains(operstate) ? operstate : null;
        uint s = 0;
        if (state == "up" && speed is not null && long.TryParse(speed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            && v >= -(long)uint.MaxValue && v <= uint.MaxValue)
            s = unchecked((uint)v);
        return new NetLink(state, s);
    }

    /// <summary>True when operstate holds a word libvirt knows (it refuses the interface otherwise: "Unable to parse").</summary>
    public static bool Parses(string? operstate) => operstate is not null && States.Contains(operstate);

    /// <summary>virInterfaceLinkFormat: "&lt;link speed='N' state='S'/&gt;", either part only when known; null when neither is.</summary>
    public string? Line()
    {
        if (Speed == 0 && State is null) return null;
        var speed = Speed == 0 ? "" : $" speed='{Speed.ToString(CultureInfo.InvariantCulture)}'";
        var state = State is null ? "" : $" state='{State}'";
        return $"<link{speed}{state}/>";
    }
}
