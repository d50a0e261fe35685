namespace Vireo.Drivers.Contracts;

/// <summary>virDomainPMSuspendForDuration's targets (VIR_NODE_SUSPEND_TARGET_*).</summary>
public enum PmSuspendTarget { Mem = 0, Disk = 1, Hybrid = 2 }

/// <summary>
/// Guest power management (virsh dompmsuspend, dompmwakeup): DOMAIN_PM_SUSPEND_FOR_DURATION asks the guest, through
/// its agent, to suspend itself; DOMAIN_PM_WAKEUP wakes a guest suspended to memory (QMP system_wakeup).
/// </summary>
public interface IDomainPowerManagement
{
    ValueTask PmSuspendAsync(Guid uuid, PmSuspendTarget target, ulong durationSeconds, CancellationToken ct);

    ValueTask PmWakeupAsync(Guid uuid, CancellationToken ct);
}
