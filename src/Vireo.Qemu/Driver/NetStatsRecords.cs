using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Platform.Network;

namespace Vireo.Qemu.Driver;

/// <summary>
/// The interface group of CONNECT_GET_ALL_DOMAIN_STATS (virsh domstats --interface). net.count counts every
/// interface of the definition; net.N.* follows for the N-th one when it has a host device (a user-mode NIC
/// has none and gets no entries, as in libvirt). Counters are the guest's view: see <see cref="GuestView"/>. Pure.
/// </summary>
internal static class NetStatsRecords
{
    /// <param name="counters">Counters of the host devices that could be read, by device name.</param>
    public static IReadOnlyList<TypedParameter> Build(IReadOnlyList<InterfaceDef> nics, IReadOnlyDictionary<string, InterfaceCounters> counters)
    {
        var list = new List<TypedParameter> { TypedParameter.UInt("net.count", (uint)nics.Count) };
        for (int i = 0; i < nics.Count; i++)
        {
            if (nics[i].TargetDev is not { } dev) continue;
            var p = $"net.{i}.";
            list.Add(TypedParameter.String(p + "name", dev));
            if (!counters.TryGetValue(dev, out var host)) continue; // the device vanished or could not be read: just its name
            var c = GuestView(nics[i], host);
            list.Add(TypedParameter.ULLong(p + "rx.bytes", c.RxBytes));
            list.Add(TypedParameter.ULLong(p + "rx.pkts", c.RxPackets));
            list.Add(TypedParameter.ULLong(p + "rx.errs", c.RxErrors));
            list.Add(TypedParameter.ULLong(p + "rx.drop", c.RxDropped));
            list.Add(TypedParameter.ULLong(p + "tx.bytes", c.TxBytes));
            list.Add(TypedParameter.ULLong(p + "tx.pkts", c.TxPackets));
            list.Add(TypedParameter.ULLong(p + "tx.errs", c.TxErrors));
            list.Add(TypedParameter.ULLong(p + "tx.drop", c.TxDropped));
        }
        return list;
    }

    /// <summary>
    /// A host device's counters as the guest sees them (domifstat and domstats share this). The host end of a
    /// tap sees the guest's traffic mirrored - what the guest sends, the tap receives - so rx and tx swap.
    /// A macvtap (direct) or a user-made device (ethernet) is counted from the guest's side already; libvirt
    /// leaves those as they are too.
    /// </summary>
    public static InterfaceCounters GuestView(InterfaceDef nic, InterfaceCounters host) =>
        nic.Type is InterfaceType.Direct or InterfaceType.Ethernet
            ? host
            : host with
            {
                RxBytes = host.TxBytes, RxPackets = host.TxPackets, RxErrors = host.TxErrors, RxDropped = host.TxDropped,
                TxBytes = host.RxBytes, TxPackets = host.RxPackets, TxErrors = host.RxErrors, TxDropped = host.RxDropped,
            };
}
