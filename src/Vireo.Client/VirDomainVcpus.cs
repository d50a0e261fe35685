using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>setvcpus, setvcpu, guestvcpus and domjobinfo. (vcpucount is <see cref="VirDomain.GetVcpuCountAsync"/>; with <see cref="VcpuModFlags.Guest"/> it asks the guest's agent.)</summary>
public static class VirDomainVcpus
{
    /// <summary>
    /// DOMAIN_SET_VCPU (virsh setvcpu): enables or disables the vCPUs of <paramref name="cpuList"/> (libvirt's
    /// bitmap syntax, e.g. "2" or "1-2") in the running guest (one at a time) and/or the saved definition.
    /// </summary>
    public static Task SetVcpuAsync(this VirDomain d, string cpuList, bool enable, ModifyFlags flags = ModifyFlags.Current, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetVcpu, new DomainSetVcpuStateArgs(d.Ref, cpuList, enable ? 1 : 0, (uint)flags), ct);

    /// <summary>
    /// DOMAIN_GET_GUEST_VCPUS (virsh guestvcpus): the guest's own view, from its agent, as libvirt's typed
    /// parameters: "vcpus", "online" and "offlinable", each a bitmap string such as "0-2".
    /// </summary>
    public static async Task<IReadOnlyList<TypedParameter>> GetGuestVcpusAsync(this VirDomain d, CancellationToken ct = default) =>
        (await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetGuestVcpusRet>(RemoteProcedure.DomainGetGuestVcpus,
            new DomainFlagsArgs(d.Ref, 0), ct).ConfigureAwait(false)).Params;

    /// <summary>DOMAIN_SET_GUEST_VCPUS (virsh guestvcpus --cpulist LIST --enable/--disable): the guest's agent brings those CPUs online or offline.</summary>
    public static Task SetGuestVcpusAsync(this VirDomain d, string cpuList, bool enable, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetGuestVcpus, new DomainSetVcpuStateArgs(d.Ref, cpuList, enable ? 1 : 0, 0), ct);

    /// <summary>DOMAIN_SET_VCPUS_FLAGS.</summary>
    public static Task SetVcpusAsync(this VirDomain d, uint count, VcpuModFlags flags, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetVcpusFlags, new DomainUIntFlagsArgs(d.Ref, count, (uint)flags), ct);

    /// <summary>DOMAIN_SET_VCPUS: the running guest (virsh setvcpus without options).</summary>
    public static Task SetVcpusLiveAsync(this VirDomain d, uint count, CancellationToken ct = default) =>
        d.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSetVcpus, new DomainUIntArgs(d.Ref, count), ct);

    /// <summary>DOMAIN_GET_JOB_STATS: the job type and its statistics (flags: 1 = the last completed job).</summary>
    public static async Task<(DomainJobType Type, IReadOnlyList<TypedParameter> Stats)> GetJobStatsAsync(this VirDomain d, uint flags = 0, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainFlagsArgs, DomainGetJobStatsRet>(RemoteProcedure.DomainGetJobStats, new DomainFlagsArgs(d.Ref, flags), ct).ConfigureAwait(false);
        return ((DomainJobType)r.Type, r.Params);
    }

    /// <summary>DOMAIN_GET_JOB_INFO: the older fixed record.</summary>
    public static async Task<DomainJobInfo> GetJobInfoAsync(this VirDomain d, CancellationToken ct = default)
    {
        var r = await d.Connection.Rpc.CallAsync<DomainArgs, DomainGetJobInfoRet>(RemoteProcedure.DomainGetJobInfo, new DomainArgs(d.Ref), ct).ConfigureAwait(false);
        return r.ToJobInfo();
    }
}
