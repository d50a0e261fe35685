using Vireo.Core.Domain;

namespace Vireo.Qemu.Driver.Features.Tuning.Cgroups;

/// <summary>
/// Checks, before a guest runs, that every host CPU and NUMA node its definition names exists here
/// (pins, &lt;vcpu cpuset&gt;, &lt;numatune&gt; in every mode, restrictive included), with libvirt's
/// element in the message. Pure apart from the host facts passed in.
/// </summary>
internal static class StartChecks
{
    public static void Check(DomainDef def, HostResources host)
    {
        var who = $"cannot start domain '{def.Name}'";
        if (def.Vcpu?.CpuSet is { } all) host.CheckCpus(all, $"{who}: <vcpu cpuset='{all}'>");
        foreach (var pin in def.CpuTune?.VcpuPins ?? [])
            host.CheckCpus(pin.CpuSet, $"{who}: <vcpupin vcpu='{pin.Vcpu}' cpuset='{pin.CpuSet}'>");
        if (def.CpuTune?.EmulatorPin is { } emulator) host.CheckCpus(emulator, $"{who}: <emulatorpin cpuset='{emulator}'>");
        if (def.NumaTune?.Memory?.Nodeset is { } nodes) host.CheckNodes(nodes, $"{who}: <numatune><memory nodeset='{nodes}'>");
        foreach (var node in def.NumaTune?.MemNodes ?? [])
            if (node.Nodeset is { } ns) host.CheckNodes(ns, $"{who}: <memnode cellid='{node.CellId}' nodeset='{ns}'>");
    }
}
