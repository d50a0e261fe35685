using Vireo.Core.State;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Reads. None of these waits for a domain's job: they answer from the state the driver keeps in memory
/// (libvirt users suffer "cannot acquire state change lock" on reads; we do not).
/// Each throws VirException (VIR_ERR_NO_DOMAIN) for an unknown domain.
/// </summary>
public interface IDomainQueries
{
    IReadOnlyList<DomainSummary> List(ListFlags flags);
    DomainRef LookupByName(string name);
    DomainRef LookupByUuid(Guid uuid);
    DomainRef LookupById(int id);

    DomainInfo Info(Guid uuid);
    StateWithReason State(Guid uuid);
    string Xml(Guid uuid, XmlFlags flags);
    string OsType(Guid uuid);
    bool IsPersistent(Guid uuid);
    bool Autostart(Guid uuid);

    /// <summary>
    /// DOMAIN_HAS_MANAGED_SAVE_IMAGE: whether the driver keeps a managed-save image for the domain. The default
    /// asks a listing filtered by it; a driver that can look at one domain's image directly overrides it.
    /// </summary>
    bool HasManagedSave(Guid uuid)
    {
        LookupByUuid(uuid);
        return List(ListFlags.ManagedSave).Any(s => s.Ref.Uuid == uuid);
    }

    /// <summary>
    /// DOMAIN_GET_MESSAGES (dominfo's "Messages:"): libvirt's taint and deprecation notes on the domain, as whole
    /// sentences; flags select them (1 deprecation, 2 tainting, 0 both). None by default.
    /// </summary>
    IReadOnlyList<string> Messages(Guid uuid, uint flags)
    {
        LookupByUuid(uuid);
        return [];
    }

    /// <summary>
    /// DOMAIN_GET_LAUNCH_SECURITY_INFO (virsh domlaunchsecinfo): the measurement of a guest launched with memory
    /// encryption (AMD SEV). None for a guest without it, which is every guest a driver without it runs.
    /// </summary>
    IReadOnlyList<Core.Params.TypedParameter> LaunchSecurityInfo(Guid uuid, uint flags)
    {
        LookupByUuid(uuid);
        return [];
    }

    /// <summary>DOMAIN_GET_VCPUS_FLAGS: current or maximum vCPU count of the live or config definition.</summary>
    int VcpuCount(Guid uuid, uint flags);
    IReadOnlyList<VcpuInfo> Vcpus(Guid uuid);

    /// <summary>DOMAIN_GET_VCPU_PIN_INFO: per vCPU, one flag per host CPU.</summary>
    IReadOnlyList<IReadOnlyList<bool>> VcpuPinInfo(Guid uuid, ModifyFlags flags);
    ulong MaxMemoryKiB(Guid uuid);

    ValueTask<BlockStats> BlockStatsAsync(Guid uuid, string disk, CancellationToken ct);
    ValueTask<InterfaceStats> InterfaceStatsAsync(Guid uuid, string device, CancellationToken ct);

    /// <summary>DOMAIN_MEMORY_STATS: (tag, value) pairs, tags as virDomainMemoryStatTags.</summary>
    ValueTask<IReadOnlyList<(int Tag, ulong Value)>> MemoryStatsAsync(Guid uuid, CancellationToken ct);

    /// <summary>
    /// DOMAIN_GET_CONTROL_INFO (virsh domcontrol): a running domain with an operation under way reports a
    /// job and for how long it has run. A driver that does not track it refuses, as libvirt's do.
    /// </summary>
    DomainControlInfo ControlInfo(Guid uuid) => throw Core.Errors.VirErrors.NoSupport("virDomainGetControlInfo");

    /// <summary>
    /// DOMAIN_GET_JOB_INFO / DOMAIN_GET_JOB_STATS (virsh domjobinfo): the running domain's long job (libvirt's
    /// async jobs: migration, save, dump, backup). A driver that does not track them refuses.
    /// </summary>
    DomainJobInfo JobInfo(Guid uuid) => throw Core.Errors.VirErrors.NoSupport("virDomainGetJobInfo");

    /// <summary>
    /// <see cref="JobInfo"/> for a driver whose long jobs report progress that must be asked of the hypervisor
    /// (a QEMU backup's block jobs). By default the same answer.
    /// </summary>
    ValueTask<DomainJobInfo> JobInfoAsync(Guid uuid, CancellationToken ct) => ValueTask.FromResult(JobInfo(uuid));

    /// <summary>
    /// DOMAIN_GET_JOB_STATS with VIR_DOMAIN_JOB_STATS_COMPLETED (virsh domjobinfo --completed): the statistics of
    /// the domain's last finished long job, whatever its state now, or null when there are none. Unless
    /// <paramref name="keep"/> (KEEP_COMPLETED), they are forgotten as they are read. A driver without long
    /// jobs has none to report (the domain must exist).
    /// </summary>
    CompletedJob? CompletedJob(Guid uuid, bool keep)
    {
        _ = State(uuid);
        return null;
    }

    /// <summary>
    /// DOMAIN_GET_HOSTNAME (virsh domhostname): the running guest's own host name, asked of its agent
    /// (no flag, or <see cref="HostnameFlags.Agent"/>). A driver without a guest agent refuses.
    /// </summary>
    ValueTask<string> HostnameAsync(Guid uuid, HostnameFlags flags, CancellationToken ct) => throw Core.Errors.VirErrors.NoSupport("virDomainGetHostname");

    /// <summary>
    /// DOMAIN_GET_TIME (virsh domtime): the running guest's clock, asked of its agent. No flags are defined.
    /// A driver without a guest agent refuses.
    /// </summary>
    ValueTask<GuestTime> GuestTimeAsync(Guid uuid, uint flags, CancellationToken ct) => throw Core.Errors.VirErrors.NoSupport("virDomainGetTime");

    /// <summary>
    /// DOMAIN_GET_DISK_ERRORS (virsh domblkerror): the disks of a running domain whose last I/O failed
    /// (QEMU keeps it until the guest resumes). A driver that cannot tell refuses.
    /// </summary>
    ValueTask<IReadOnlyList<DiskError>> DiskErrorsAsync(Guid uuid, CancellationToken ct) => throw Core.Errors.VirErrors.NoSupport("virDomainGetDiskErrors");

    /// <summary>CONNECT_GET_ALL_DOMAIN_STATS for the given domains (all when null); stats is virDomainStatsTypes.</summary>
    ValueTask<IReadOnlyList<(DomainRef Domain, IReadOnlyList<Core.Params.TypedParameter> Params)>> AllStatsAsync(
        IReadOnlyList<Guid>? uuids, uint stats, uint flags, CancellationToken ct);
}
