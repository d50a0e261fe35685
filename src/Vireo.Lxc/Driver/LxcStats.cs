using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Network;

namespace Vireo.Lxc.Driver;

/// <summary>
/// CONNECT_GET_ALL_DOMAIN_STATS for containers, with libvirt's field names: state.*, cpu.time,
/// balloon.current/maximum (memory in use and the limit, KiB) and net.* of the veth host ends.
/// </summary>
internal static class LxcStats
{
    // virDomainStatsTypes
    public const uint State = 1, CpuTotal = 2, Balloon = 4, Interface = 16;

    // virDomainMemoryStatTags
    public const int ActualBalloonTag = 6, RssTag = 7;

    public static async ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<TypedParameter> Params)>> CollectAsync(
        LxcRuntime rt, IReadOnlyList<Guid>? uuids, uint stats, CancellationToken ct)
    {
        if (stats == 0) stats = State | CpuTotal | Balloon | Interface;
        var doms = uuids is null ? rt.Registry.All.OrderBy(d => d.Name, StringComparer.Ordinal).ToList() : uuids.Select(rt.Get).ToList();
        IReadOnlyList<InterfaceCounters>? counters = null;
        if ((stats & Interface) != 0 && doms.Any(d => d.Handle is RunningContainer { Status.HostInterfaces.Count: > 0 }))
            counters = await InterfaceCounters.ReadAllAsync(rt.Options.NetworkNamespace).ConfigureAwait(false);
        return doms.Select(d => (d.Ref, (IReadOnlyList<TypedParameter>)For(d, stats, counters))).ToList();
    }

    private static List<TypedParameter> For(DomainObject dom, uint stats, IReadOnlyList<InterfaceCounters>? counters)
    {
        var p = new List<TypedParameter>();
        if ((stats & State) != 0)
        {
            p.Add(TypedParameter.Int("state.state", (int)dom.State.State));
            p.Add(TypedParameter.Int("state.reason", dom.State.Reason));
        }
        if (dom.Handle is not RunningContainer rc) return p;
        var cg = rc.Cgroup.Controller;
        if ((stats & CpuTotal) != 0)
            p.Add(TypedParameter.ULLong("cpu.time", LxcQueries.Safe(cg.CpuUsageNanoseconds)));
        if ((stats & Balloon) != 0)
        {
            p.Add(TypedParameter.ULLong("balloon.current", LxcQueries.Safe(() => cg.MemoryUsageBytes() / 1024)));
            p.Add(TypedParameter.ULLong("balloon.maximum", LxcQueries.MaxMemoryKiB(dom.Current)));
        }
        if ((stats & Interface) != 0)
        {
            var names = rc.Status.HostInterfaces;
            p.Add(TypedParameter.UInt("net.count", (uint)names.Count));
            for (int i = 0; i < names.Count; i++)
            {
                p.Add(TypedParameter.String($"net.{i}.name", names[i]));
                if (counters?.FirstOrDefault(c => c.Name == names[i]) is not { } c) continue;
                var s = FromHostEnd(c);
                p.Add(TypedParameter.ULLong($"net.{i}.rx.bytes", (ulong)s.RxBytes));
                p.Add(TypedParameter.ULLong($"net.{i}.rx.pkts", (ulong)s.RxPackets));
                p.Add(TypedParameter.ULLong($"net.{i}.rx.errs", (ulong)s.RxErrs));
                p.Add(TypedParameter.ULLong($"net.{i}.rx.drop", (ulong)s.RxDrop));
                p.Add(TypedParameter.ULLong($"net.{i}.tx.bytes", (ulong)s.TxBytes));
                p.Add(TypedParameter.ULLong($"net.{i}.tx.pkts", (ulong)s.TxPackets));
                p.Add(TypedParameter.ULLong($"net.{i}.tx.errs", (ulong)s.TxErrs));
                p.Add(TypedParameter.ULLong($"net.{i}.tx.drop", (ulong)s.TxDrop));
            }
        }
        return p;
    }

    /// <summary>The host end's counters seen from the container: what the host end sent, the container received.</summary>
    public static InterfaceStats FromHostEnd(InterfaceCounters c) =>
        new((long)c.TxBytes, (long)c.TxPackets, (long)c.TxErrors, (long)c.TxDropped,
            (long)c.RxBytes, (long)c.RxPackets, (long)c.RxErrors, (long)c.RxDropped);
}
