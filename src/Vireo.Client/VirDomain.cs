using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Client;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// A domain as a connection sees it (virDomainPtr): name, UUID and the id it had when looked up.
/// Calls go to the daemon by UUID; <see cref="RefreshAsync"/> gets the current id.
/// </summary>
public sealed class VirDomain
{
    internal VirDomain(VirConnection connection, DomainRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public DomainRef Ref { get; }
    public string Name => Ref.Name;
    public Guid Uuid => Ref.Uuid;

    /// <summary>-1 while inactive (as of the lookup).</summary>
    public int Id => Ref.Id;

    private RpcClientConnection Rpc => Connection.Rpc;
    private DomainArgs Dom => new(Ref);
    private DomainFlagsArgs DomFlags(uint flags) => new(Ref, flags);

    /// <summary>Looks the domain up again (by UUID) to see its current id.</summary>
    public Task<VirDomain> RefreshAsync(CancellationToken ct = default) => Connection.LookupDomainAsync(Uuid, ct);

    /// <summary>Starts the defined domain (DOMAIN_CREATE_WITH_FLAGS) and returns it with its new id.</summary>
    public async Task<VirDomain> StartAsync(CreateFlags flags = CreateFlags.None, CancellationToken ct = default) =>
        Connection.Wrap((await Rpc.CallAsync<DomainFlagsArgs, DomainRet>(RemoteProcedure.DomainCreateWithFlags, DomFlags((uint)flags), ct).ConfigureAwait(false)).Dom);

    /// <summary>Asks the guest to power off (DOMAIN_SHUTDOWN_FLAGS, ACPI power button by default); returns before it has. Wait for the Stopped event.</summary>
    public Task ShutdownAsync(ShutdownFlags flags = ShutdownFlags.Default, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainShutdownFlags, DomFlags((uint)flags), ct);

    /// <summary>Stops the guest at once (DOMAIN_DESTROY_FLAGS), like pulling the plug; a transient domain disappears.</summary>
    public Task DestroyAsync(DestroyFlags flags = DestroyFlags.Default, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainDestroyFlags, DomFlags((uint)flags), ct);

    /// <summary>Asks the guest to reboot (DOMAIN_REBOOT); the guest decides.</summary>
    public Task RebootAsync(ShutdownFlags flags = ShutdownFlags.Default, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainReboot, DomFlags((uint)flags), ct);

    /// <summary>Presses the reset button (DOMAIN_RESET): no guest cooperation.</summary>
    public Task ResetAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.DomainReset, DomFlags(0), ct);
    /// <summary>Pauses the vCPUs (DOMAIN_SUSPEND); the state becomes paused (user).</summary>
    public Task SuspendAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.DomainSuspend, Dom, ct);
    /// <summary>Continues paused vCPUs (DOMAIN_RESUME).</summary>
    public Task ResumeAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.DomainResume, Dom, ct);

    /// <summary>Removes the persistent definition (DOMAIN_UNDEFINE_FLAGS); a running domain keeps running as a transient one.</summary>
    public Task UndefineAsync(UndefineFlags flags = UndefineFlags.None, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainUndefineFlags, DomFlags((uint)flags), ct);

    /// <summary>DOMAIN_GET_INFO (virsh dominfo): state, memory in KiB, vCPUs and CPU time in ns.</summary>
    public async Task<DomainInfo> GetInfoAsync(CancellationToken ct = default)
    {
        var i = await Rpc.CallAsync<DomainArgs, DomainGetInfoRet>(RemoteProcedure.DomainGetInfo, Dom, ct).ConfigureAwait(false);
        return new DomainInfo((DomainState)i.State, i.MaxMem, i.Memory, i.NrVirtCpu, i.CpuTime);
    }

    /// <summary>DOMAIN_GET_STATE (virsh domstate --reason); the reason is the number of the state's reason enum.</summary>
    /// <summary>DOMAIN_GET_HOSTNAME: the guest's host name (from its DHCP lease or its agent; no flag: the driver's choice).</summary>
    public async Task<string> GetHostnameAsync(HostnameFlags flags = HostnameFlags.None, CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainFlagsArgs, StringValue>(RemoteProcedure.DomainGetHostname, DomFlags((uint)flags), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_GET_TIME: the guest's clock, from its agent.</summary>
    public async Task<GuestTime> GetTimeAsync(CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<DomainFlagsArgs, DomainGetTimeRet>(RemoteProcedure.DomainGetTime, DomFlags(0), ct).ConfigureAwait(false);
        return new GuestTime(r.Seconds, r.NSeconds);
    }

    /// <summary>DOMAIN_SET_TIME: sets the guest's clock through its agent (with <see cref="SetTimeFlags.Sync"/>: from its RTC, time ignored).</summary>
    public Task SetTimeAsync(GuestTime time, SetTimeFlags flags = SetTimeFlags.None, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainSetTime, new DomainSetTimeArgs(Ref, time.Seconds, time.Nanoseconds, (uint)flags), ct);

    /// <summary>DOMAIN_GET_DISK_ERRORS, as virsh asks: how many to make room for, then that many.</summary>
    public async Task<IReadOnlyList<DiskError>> GetDiskErrorsAsync(CancellationToken ct = default)
    {
        var count = await Rpc.CallAsync<DomainUIntFlagsArgs, DomainDiskErrorsRet>(RemoteProcedure.DomainGetDiskErrors, new(Ref, 0, 0), ct).ConfigureAwait(false);
        if (count.NErrors == 0) return [];
        var r = await Rpc.CallAsync<DomainUIntFlagsArgs, DomainDiskErrorsRet>(RemoteProcedure.DomainGetDiskErrors, new(Ref, (uint)count.NErrors, 0), ct).ConfigureAwait(false);
        return r.Errors.Select(e => new DiskError(e.Disk, (DiskErrorCode)e.Error)).ToList();
    }

    /// <summary>DOMAIN_GET_CONTROL_INFO: whether an operation keeps the domain busy, and for how long.</summary>
    public async Task<DomainControlInfo> GetControlInfoAsync(CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<DomainFlagsArgs, DomainGetControlInfoRet>(RemoteProcedure.DomainGetControlInfo, DomFlags(0), ct).ConfigureAwait(false);
        return new DomainControlInfo((DomainControlState)r.State, r.Details, r.StateTime);
    }

    public async Task<StateWithReason> GetStateAsync(CancellationToken ct = default)
    {
        var s = await Rpc.CallAsync<DomainFlagsArgs, DomainGetStateRet>(RemoteProcedure.DomainGetState, DomFlags(0), ct).ConfigureAwait(false);
        return new StateWithReason((DomainState)s.State, s.Reason);
    }

    /// <summary>The domain's XML (virsh dumpxml); <see cref="XmlFlags.Inactive"/> gives the definition the next start uses.</summary>
    public async Task<string> GetXmlDescAsync(XmlFlags flags = XmlFlags.None, CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainFlagsArgs, StringValue>(RemoteProcedure.DomainGetXmlDesc, DomFlags((uint)flags), ct).ConfigureAwait(false)).Value;

    public async Task<string> GetOsTypeAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainArgs, StringValue>(RemoteProcedure.DomainGetOsType, Dom, ct).ConfigureAwait(false)).Value;

    public async Task<bool> GetAutostartAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainArgs, IntValue>(RemoteProcedure.DomainGetAutostart, Dom, ct).ConfigureAwait(false)).Value != 0;

    public Task SetAutostartAsync(bool autostart, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.DomainSetAutostart, new DomainIntArgs(Ref, autostart ? 1 : 0), ct);

    /// <summary>Renames the inactive persistent domain (DOMAIN_RENAME); returns it under its new name.</summary>
    public async Task<VirDomain> RenameAsync(string newName, CancellationToken ct = default)
    {
        await Rpc.CallAsync<DomainOptionalStringFlagsArgs, IntValue>(RemoteProcedure.DomainRename, new DomainOptionalStringFlagsArgs(Ref, newName, 0), ct).ConfigureAwait(false);
        return Connection.Wrap(Ref with { Name = newName });
    }

    public async Task<bool> IsActiveAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainArgs, IntValue>(RemoteProcedure.DomainIsActive, Dom, ct).ConfigureAwait(false)).Value != 0;

    public async Task<bool> IsPersistentAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainArgs, IntValue>(RemoteProcedure.DomainIsPersistent, Dom, ct).ConfigureAwait(false)).Value != 0;

    /// <summary>DOMAIN_GET_VCPUS_FLAGS (virsh vcpucount): flags are VIR_DOMAIN_AFFECT_* | VIR_DOMAIN_VCPU_MAXIMUM (4).</summary>
    public async Task<int> GetVcpuCountAsync(uint flags = 0, CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainFlagsArgs, IntValue>(RemoteProcedure.DomainGetVcpusFlags, DomFlags(flags), ct).ConfigureAwait(false)).Value;

    /// <summary>DOMAIN_GET_VCPUS: per-vCPU state, time and host CPU of a running domain.</summary>
    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(int maxVcpus = 256, CancellationToken ct = default)
    {
        var ret = await Rpc.CallAsync<DomainGetVcpusArgs, DomainGetVcpusRet>(RemoteProcedure.DomainGetVcpus, new DomainGetVcpusArgs(Ref, maxVcpus, 0), ct).ConfigureAwait(false);
        return ret.Info.Select(v => new VcpuInfo((int)v.Number, v.State, v.CpuTime, v.Cpu)).ToArray();
    }

    public async Task<BlockStats> GetBlockStatsAsync(string disk, CancellationToken ct = default)
    {
        var s = await Rpc.CallAsync<DomainStringArgs, DomainBlockStatsRet>(RemoteProcedure.DomainBlockStats, new DomainStringArgs(Ref, disk), ct).ConfigureAwait(false);
        return new BlockStats(s.RdReq, s.RdBytes, s.WrReq, s.WrBytes, s.Errs);
    }

    public async Task<InterfaceStats> GetInterfaceStatsAsync(string device, CancellationToken ct = default)
    {
        var s = await Rpc.CallAsync<DomainStringArgs, DomainInterfaceStatsRet>(RemoteProcedure.DomainInterfaceStats, new DomainStringArgs(Ref, device), ct).ConfigureAwait(false);
        return new InterfaceStats(s.RxBytes, s.RxPackets, s.RxErrs, s.RxDrop, s.TxBytes, s.TxPackets, s.TxErrs, s.TxDrop);
    }

    /// <summary>DOMAIN_MEMORY_STATS: (virDomainMemoryStatTags, value) pairs.</summary>
    public async Task<IReadOnlyList<(int Tag, ulong Value)>> GetMemoryStatsAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainMemoryStatsArgs, DomainMemoryStatsRet>(RemoteProcedure.DomainMemoryStats, new DomainMemoryStatsArgs(Ref, 13, 0), ct).ConfigureAwait(false)).Stats;

    /// <summary>Attaches to the domain's console (devName null: the first) as a duplex byte stream.</summary>
    public async Task<VirConsoleStream> OpenConsoleAsync(string? devName = null, CancellationToken ct = default) =>
        new(await Rpc.CallWithStreamAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(Ref, devName, 0), ct).ConfigureAwait(false));

    /// <summary>
    /// Attaches to the console with virDomainConsoleFlags; <see cref="ConsoleFlags.ReplayHistory"/> (vireod only)
    /// first replays what the guest printed before.
    /// </summary>
    public async Task<VirConsoleStream> OpenConsoleAsync(string? devName, ConsoleFlags flags, CancellationToken ct = default) =>
        new(await Rpc.CallWithStreamAsync(RemoteProcedure.DomainOpenConsole, new DomainOptionalStringFlagsArgs(Ref, devName, (uint)flags), ct).ConfigureAwait(false));

    public override string ToString() => Name;
}
