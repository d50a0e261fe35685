using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>Questions about the hypervisor and the host; answered from memory by the driver's IHostInfo.</summary>
public static class HostProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectGetType, static (CallContext c, VoidRecord _) => new StringValue(c.Driver.Host.HypervisorType));
        d.RegisterSync(RemoteProcedure.ConnectGetVersion, static (CallContext c, VoidRecord _) => new ULongValue(c.Driver.Host.HypervisorVersion));
        d.RegisterSync(RemoteProcedure.ConnectGetLibVersion, static (CallContext c, VoidRecord _) => new ULongValue(c.Connection.Server.Options.LibVersion));
        d.RegisterSync(RemoteProcedure.ConnectGetHostname, static (CallContext c, VoidRecord _) => new StringValue(c.Driver.Host.Hostname()));
        d.RegisterSync(RemoteProcedure.ConnectGetCapabilities, static (CallContext c, VoidRecord _) => new StringValue(c.Driver.Host.CapabilitiesXml()));
        d.RegisterSync(RemoteProcedure.ConnectGetSysinfo, static (CallContext c, UIntValue _) => new StringValue(c.Driver.Host.SysinfoXml()));
        d.RegisterSync(RemoteProcedure.ConnectGetMaxVcpus, static (CallContext c, OptionalStringValue a) => new IntValue(c.Driver.Host.MaxVcpus(a.Value)));
        d.RegisterSync(RemoteProcedure.ConnectGetDomainCapabilities, static (CallContext c, ConnectGetDomainCapabilitiesArgs a) =>
            new StringValue(c.Driver.Host.DomainCapabilitiesXml(a.EmulatorBin, a.Arch, a.Machine, a.VirtType)));

        d.RegisterSync(RemoteProcedure.NodeGetInfo, static (CallContext c, VoidRecord _) =>
        {
            var n = c.Driver.Host.NodeInfo();
            return new NodeGetInfoRet(n.Model, n.MemoryKiB, n.Cpus, n.Mhz, n.Nodes, n.Sockets, n.Cores, n.Threads);
        });

        // No security driver (the capabilities' <secmodel>): libvirtd then names the "none" driver, DOI 0, and
        // every domain's label is empty, so virsh dominfo prints the model and DOI lines but no label.
        d.RegisterSync(RemoteProcedure.NodeGetSecurityModel, static (CallContext c, VoidRecord _) => new NodeGetSecurityModelRet("none", "0"));

        d.RegisterSync(RemoteProcedure.NodeGetFreeMemory, static (CallContext c, VoidRecord _) => new ULongValue(c.Driver.Host.FreeMemory()));
        d.RegisterSync(RemoteProcedure.NodeGetCellsFreeMemory, static (CallContext c, NodeGetCellsFreeMemoryArgs a) =>
            new NodeGetCellsFreeMemoryRet([.. c.Driver.Host.CellsFreeMemory(a.StartCell, a.MaxCells)]));

        // Two-phase calls: nparams 0 asks how many fields there are.
        d.RegisterSync(RemoteProcedure.NodeGetCpuStats, static (CallContext c, NodeStatsArgs a) =>
            TwoPhase(c.Driver.Host.NodeCpuStats(a.First), a.Second));
        d.RegisterSync(RemoteProcedure.NodeGetMemoryStats, static (CallContext c, NodeStatsArgs a) =>
            TwoPhase(c.Driver.Host.NodeMemoryStats(a.Second), a.First));

        d.RegisterSync(RemoteProcedure.NodeGetCpuMap, static (CallContext c, NodeGetCpuMapArgs a) =>
        {
            var cpus = c.Driver.Host.CpuMap();
            var map = a.NeedMap != 0 ? Bitmaps.Pack(cpus, (cpus.Count + 7) / 8) : [];
            var online = a.NeedOnline != 0 ? (uint)cpus.Count(x => x) : 0;
            return new NodeGetCpuMapRet(map, online, cpus.Count);
        });
    }

    private static NodeStatsRet TwoPhase(IReadOnlyList<Drivers.Contracts.NodeStat> stats, int nparams) =>
        nparams == 0
            ? new NodeStatsRet([], stats.Count)
            : new NodeStatsRet(stats.Take(nparams).Select(s => (s.Field, s.Value)).ToArray(), Math.Min(nparams, stats.Count));
}

/// <summary>libvirt's CPU bitmaps: bit j of byte i is CPU i*8+j.</summary>
public static class Bitmaps
{
    public static byte[] Pack(IReadOnlyList<bool> bits, int length)
    {
        var map = new byte[Math.Max(0, length)];
        PackInto(bits, map);
        return map;
    }

    public static void PackInto(IReadOnlyList<bool> bits, Span<byte> map)
    {
        for (var i = 0; i < bits.Count && i / 8 < map.Length; i++)
            if (bits[i]) map[i / 8] |= (byte)(1 << (i % 8));
    }

    public static bool[] Unpack(ReadOnlySpan<byte> map, int count)
    {
        var bits = new bool[count];
        for (var i = 0; i < count && i / 8 < map.Length; i++) bits[i] = (map[i / 8] & (1 << (i % 8))) != 0;
        return bits;
    }
}
