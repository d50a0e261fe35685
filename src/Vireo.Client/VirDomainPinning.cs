using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.Client;

/// <summary>
/// vCPU and emulator pinning (virsh vcpupin, emulatorpin). A CPU map has one flag per host CPU
/// (index = CPU number); on the wire it is libvirt's bitmap (bit j of byte i = CPU i*8+j).
/// </summary>
public static class VirDomainPinning
{
    public static Task PinVcpuAsync(this VirDomain d, int vcpu, IReadOnlyList<bool> cpuMap, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainPinVcpuFlags,
            new DomainPinVcpuArgs(d.Ref, checked((uint)vcpu), Bitmaps.Pack(cpuMap, (cpuMap.Count + 7) / 8), (uint)flags), ct);

    public static Task PinEmulatorAsync(this VirDomain d, IReadOnlyList<bool> cpuMap, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainPinEmulator,
            new DomainPinEmulatorArgs(d.Ref, Bitmaps.Pack(cpuMap, (cpuMap.Count + 7) / 8), (uint)flags), ct);

    /// <summary>Per vCPU (up to <paramref name="vcpus"/>), the host CPUs it may run on, for a host of <paramref name="hostCpus"/> CPUs.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<bool>>> GetVcpuPinInfoAsync(this VirDomain d, int vcpus, int hostCpus, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var maplen = (hostCpus + 7) / 8;
        var r = await d.Connection.Rpc.CallAsync<DomainGetVcpuPinInfoArgs, CpuMapsRet>(RemoteProcedure.DomainGetVcpuPinInfo,
            new DomainGetVcpuPinInfoArgs(d.Ref, vcpus, maplen, (uint)flags), ct).ConfigureAwait(false);
        return Enumerable.Range(0, r.Num).Select(i => (IReadOnlyList<bool>)Bitmaps.Unpack(r.CpuMaps.AsSpan(i * maplen, maplen), hostCpus)).ToArray();
    }

    public static async Task<IReadOnlyList<bool>> GetEmulatorPinInfoAsync(this VirDomain d, int hostCpus, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default)
    {
        var maplen = (hostCpus + 7) / 8;
        var r = await d.Connection.Rpc.CallAsync<DomainIntFlagsArgs, CpuMapsRet>(RemoteProcedure.DomainGetEmulatorPinInfo,
            new DomainIntFlagsArgs(d.Ref, maplen, (uint)flags), ct).ConfigureAwait(false);
        return Bitmaps.Unpack(r.CpuMaps, hostCpus);
    }
}
