using System.Globalization;
using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Network;

/// <summary>One `tc` invocation. <see cref="Refinement"/> marks the steps that only refine a limit already in
/// place (the sfq leaf that shares a class fairly between flows, the fw filter): a kernel built without
/// that module still gets the limit itself.</summary>
internal sealed record TcStep(IReadOnlyList<string> Args, bool Refinement = false)
{
    public override string ToString() => "tc " + string.Join(' ', Args);
}

/// <summary>
/// &lt;bandwidth&gt; of one host-side device as `tc` argument lists, the same commands libvirt 9.0 runs
/// (virNetDevBandwidthSet, measured against libvirtd with strace). Pure.
/// <list type="bullet">
/// <item>The direction the device sends (its egress) gets an htb root qdisc 1: with default class 1:1
/// (rate = average, ceil = peak, burst), an sfq leaf 2: and a fw filter.</item>
/// <item>The direction it receives (its ingress) gets the ingress qdisc and a u32 match-all filter that
/// polices to average with burst (default: average's worth of one second, capped to what tc's 32-bit byte
/// count holds) and drops the excess.</item>
/// </list>
/// For a tap the guest's inbound traffic is what the host sends into the tap, so inbound shapes the tap's
/// egress and outbound polices its ingress ("swapped"); a macvtap sees the guest's view, so it is not.
/// Rates are KiB/s ("kbps" is kilobytes per second to tc), bursts KiB ("kb").
/// </summary>
internal static class BandwidthTcPlan
{
    /// <summary>Removes whatever shaping the device has (both may fail when there is none; that is fine).</summary>
    public static IReadOnlyList<TcStep> Clear(string dev) =>
    [
        new(["qdisc", "del", "dev", dev, "root"]),
        new(["qdisc", "del", "dev", dev, "ingress"]),
    ];

    /// <summary>The commands that install <paramref name="bandwidth"/> on a device already cleared.</summary>
    public static IReadOnlyList<TcStep> Set(string dev, BandwidthDef bandwidth, bool swapped)
    {
        var egress = swapped ? bandwidth.Inbound : bandwidth.Outbound;
        var ingress = swapped ? bandwidth.Outbound : bandwidth.Inbound;
        var steps = new List<TcStep>();
        if (egress is { Average: > 0 and var average })
        {
            steps.Add(new(["qdisc", "add", "dev", dev, "root", "handle", "1:", "htb", "default", "1"]));
            var cls = new List<string> { "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb", "rate", Kbps(average) };
            if (egress.Peak is > 0 and var peak) cls.AddRange(["ceil", Kbps(peak)]);
            if (egress.Burst is > 0 and var burst) cls.AddRange(["burst", Kb(burst)]);
            cls.AddRange(["quantum", Quantum(average)]);
            steps.Add(new(cls));
            steps.Add(new(["qdisc", "add", "dev", dev, "parent", "1:1", "handle", "2:", "sfq", "perturb", "10"], Refinement: true));
            steps.Add(new(["filter", "add", "dev", dev, "parent", "1:0", "protocol", "all", "prio", "1", "handle", "1", "fw", "flowid", "1"], Refinement: true));
        }
        if (ingress is { Average: > 0 and var rate })
        {
            // tc keeps the burst in bytes in 32 bits: the default (one second's worth) is capped to fit.
            var burst = ingress.Burst is > 0 and var b ? b : Math.Min(rate, uint.MaxValue / 1024UL);
            steps.Add(new(["qdisc", "add", "dev", dev, "ingress"]));
            steps.Add(new(["filter", "add", "dev", dev, "parent", "ffff:", "protocol", "all", "u32", "match", "u32", "0", "0",
                "police", "rate", Kbps(rate), "burst", Kb(burst), "mtu", "64kb", "drop", "flowid", ":1"]));
        }
        return steps;
    }

    /// <summary>Whether the device's directions are the guest's swapped: a tap's are, a macvtap's are not (see the class summary).</summary>
    public static bool Swapped(HostNicKind kind) => kind == HostNicKind.Tap;

    /// <summary>The same for an interface type: every type with a tap (bridge, network, ethernet) is swapped.</summary>
    public static bool Swapped(InterfaceType type) => type != InterfaceType.Direct;

    /// <summary>htb's quantum: the bytes a class sends per round, one MTU's worth at its rate (at least 1), so a slow class is not starved by htb's default r2q.</summary>
    private static string Quantum(ulong averageKiBps) => Math.Max(1UL, averageKiBps * 1024 / 8 / 1500).ToString(CultureInfo.InvariantCulture);

    private static string Kbps(ulong v) => v.ToString(CultureInfo.InvariantCulture) + "kbps";

    private static string Kb(ulong v) => v.ToString(CultureInfo.InvariantCulture) + "kb";
}
