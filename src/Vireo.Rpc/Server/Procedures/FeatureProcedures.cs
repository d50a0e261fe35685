namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The feature areas vireod serves on top of <see cref="StandardProcedures"/>. Each answers "not supported"
/// for a driver without the feature. One list, so the daemon and the generated procedure table in
/// docs/protocol.md cannot disagree.
/// </summary>
public static class FeatureProcedures
{
    public static void Register(RpcDispatcher d)
    {
        SnapshotProcedures.Register(d);
        CheckpointProcedures.Register(d);
        BackupProcedures.Register(d);
        BlockProcedures.Register(d);
        TuningProcedures.Register(d);
        NumaProcedures.Register(d);
        InterfaceParameterProcedures.Register(d);
        MemoryProcedures.Register(d);
        DeviceProcedures.Register(d);
        StorageProcedures.Register(d);
        NetworkProcedures.Register(d);
        VcpuAndJobProcedures.Register(d);
        SaveProcedures.Register(d);
        CoreDumpProcedures.Register(d);
        MetadataProcedures.Register(d);
        CpuStatsProcedures.Register(d);
        GuestClockAndDiskErrorProcedures.Register(d);
        GuestAgentProcedures.Register(d);
        GuestVcpuProcedures.Register(d);
        IoThreadProcedures.Register(d);
        BlockThresholdProcedures.Register(d);
        BlockIoTuneProcedures.Register(d);
        PerfProcedures.Register(d);
        DirtyRateProcedures.Register(d);
        PowerManagementProcedures.Register(d);
        NodeDeviceProcedures.Register(d);
        HostInterfaceProcedures.Register(d);
        SecretProcedures.Register(d);
        HostNodeMemoryProcedures.Register(d);
        ConnectConversionProcedures.Register(d);
        DomainControlProcedures.Register(d);
    }
}
