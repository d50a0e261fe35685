namespace Vireo.Drivers.Contracts;

/// <summary>A guest's wall-clock time (virDomainGetTime/SetTime): seconds since the Unix epoch, UTC, and nanoseconds.</summary>
public sealed record GuestTime(long Seconds, uint Nanoseconds);

/// <summary>virDomainSetTimeFlags: Sync makes the guest read its own RTC instead of taking a time from the caller.</summary>
[Flags]
public enum SetTimeFlags : uint { None = 0, Sync = 1 }

/// <summary>virDomainDiskErrorCode: why a disk stopped the guest (none, an I/O error, or a full host file system).</summary>
public enum DiskErrorCode { None = 0, Unspec = 1, NoSpace = 2 }

/// <summary>virDomainDiskError: one disk (its target, "vda") with an error pending.</summary>
public sealed record DiskError(string Disk, DiskErrorCode Error);
