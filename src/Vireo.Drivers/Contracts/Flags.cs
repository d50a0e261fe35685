namespace Vireo.Drivers.Contracts;

// libvirt's flag values, kept numerically identical so the RPC layer passes them through unchanged.

/// <summary>virConnectListAllDomainsFlags.</summary>
[Flags]
public enum ListFlags : uint
{
    All = 0,
    Active = 1, Inactive = 2, Persistent = 4, Transient = 8,
    Running = 16, Paused = 32, Shutoff = 64, Other = 128,
    ManagedSave = 256, NoManagedSave = 512, Autostart = 1024, NoAutostart = 2048,
    HasSnapshot = 4096, NoSnapshot = 8192, HasCheckpoint = 16384, NoCheckpoint = 32768,
}

/// <summary>virDomainXMLFlags.</summary>
[Flags]
public enum XmlFlags : uint { None = 0, Secure = 1, Inactive = 2, UpdateCpu = 4, Migratable = 8 }

/// <summary>virDomainDefineFlags.</summary>
[Flags]
public enum DefineFlags : uint { None = 0, Validate = 1 }

/// <summary>virDomainUndefineFlagsValues.</summary>
[Flags]
public enum UndefineFlags : uint { None = 0, ManagedSave = 1, SnapshotsMetadata = 2, Nvram = 4, KeepNvram = 8, CheckpointsMetadata = 16, Tpm = 32, KeepTpm = 64 }

/// <summary>virDomainCreateFlags.</summary>
[Flags]
public enum CreateFlags : uint { None = 0, StartPaused = 1, Autodestroy = 2, BypassCache = 4, ForceBoot = 8, Validate = 16, ResetNvram = 32 }

/// <summary>virDomainShutdownFlagValues (also used for reboot).</summary>
[Flags]
public enum ShutdownFlags : uint { Default = 0, AcpiPowerButton = 1, GuestAgent = 2, Initctl = 4, Signal = 8, Paravirt = 16 }

/// <summary>virDomainGetHostnameFlags: where a guest's host name comes from (none set: the driver's choice).</summary>
[Flags]
public enum HostnameFlags : uint { None = 0, Lease = 1, Agent = 2 }

/// <summary>virDomainDestroyFlagsValues.</summary>
[Flags]
public enum DestroyFlags : uint { Default = 0, Graceful = 1, RemoveLogs = 2 }

/// <summary>virDomainModificationImpact: which definition a change applies to.</summary>
[Flags]
public enum ModifyFlags : uint { Current = 0, Live = 1, Config = 2 }

/// <summary>virDomainLifecycle: the guest event a lifecycle action answers (&lt;on_poweroff&gt;, &lt;on_reboot&gt;, &lt;on_crash&gt;).</summary>
public enum LifecycleTrigger : uint { Poweroff = 0, Reboot = 1, Crash = 2 }

/// <summary>
/// virDomainConsoleFlags (FORCE 1, SAFE 2) plus one Vireo extension: ReplayHistory asks vireod to send what
/// the guest printed before the attach (from power-on, as far as the history reaches) ahead of live
/// output. libvirtd rejects the unknown bit with VIR_ERR_INVALID_ARG, so clients retry without it.
/// </summary>
[Flags]
public enum ConsoleFlags : uint { None = 0, Force = 1, Safe = 2, ReplayHistory = 0x4000_0000 }
