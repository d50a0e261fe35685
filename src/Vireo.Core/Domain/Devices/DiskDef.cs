namespace Vireo.Core.Domain;

/// <summary>&lt;disk type device&gt;: a block device backed by a host file or block device.</summary>
public sealed record DiskDef
{
    public DiskType Type { get; init; } = DiskType.File;
    public DiskDevice Device { get; init; } = DiskDevice.Disk;
    public DiskDriverDef? Driver { get; init; }

    /// <summary>&lt;source file|dev&gt;; null for an empty cdrom/floppy drive.</summary>
    public DiskSourceDef? Source { get; init; }

    /// <summary>The backing chain below Source (external snapshots); null when unknown.</summary>
    public BackingStoreDef? BackingStore { get; init; }

    /// <summary>&lt;mirror&gt;: the destination of a running block copy (live XML only); null when the disk has none.</summary>
    public DiskMirrorDef? Mirror { get; init; }
    public required DiskTargetDef Target { get; init; }

    /// <summary>&lt;iotune&gt;: QEMU's I/O throttling of the device; null when the disk has none.</summary>
    public DiskIoTuneDef? IoTune { get; init; }
    /// <summary>&lt;encryption format='luks'&gt;: the secret whose value opens the image.</summary>
    public DiskEncryptionDef? Encryption { get; init; }
    public bool ReadOnly { get; init; }
    public bool Shareable { get; init; }
    public string? Serial { get; init; }
    public uint? BootOrder { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum DiskType { File, Block }

public enum DiskDevice { Disk, Cdrom, Floppy, Lun }

public enum DiskFormat { Raw, Qcow2 }

public enum DiskCache { Default, None, Writethrough, Writeback, Directsync, Unsafe }

public enum DiskIo { Native, Threads, IoUring }

public enum DiskDiscard { Unmap, Ignore }

/// <summary>error_policy/rerror_policy: what QEMU does when the disk's I/O fails (Stop pauses the guest; Enospace pauses only for a full host file system).</summary>
public enum DiskErrorPolicy { Stop, Report, Ignore, Enospace }

public enum DiskBus { Virtio, Sata, Ide, Scsi, Usb, Fdc }

/// <summary>&lt;driver name type cache io discard error_policy rerror_policy iothread/&gt;.</summary>
public sealed record DiskDriverDef
{
    /// <summary>Always "qemu" for QEMU disks; kept as written.</summary>
    public string? Name { get; init; }
    public DiskFormat? Format { get; init; }
    public DiskCache? Cache { get; init; }
    public DiskIo? Io { get; init; }
    public DiskDiscard? Discard { get; init; }

    /// <summary>error_policy: on a failed write (and a failed read when RerrorPolicy is not given).</summary>
    public DiskErrorPolicy? ErrorPolicy { get; init; }

    /// <summary>rerror_policy: on a failed read.</summary>
    public DiskErrorPolicy? RerrorPolicy { get; init; }

    /// <summary>iothread: the id of the domain's IOThread that runs this (virtio) disk's I/O.</summary>
    public uint? IoThread { get; init; }
}

/// <summary>&lt;source file='...'/&gt; or &lt;source dev='...'/&gt; (by the disk type), with the runtime index.</summary>
public sealed record DiskSourceDef(string Path, uint? Index = null);

/// <summary>&lt;target dev bus/&gt;: the guest device name (vda, sda, hdc...) and bus.</summary>
public sealed record DiskTargetDef(string Dev, DiskBus? Bus = null);

/// <summary>
/// &lt;backingStore type index&gt; with &lt;format&gt;, &lt;source&gt; and the next &lt;backingStore&gt;. An empty
/// &lt;backingStore/&gt; (see End) marks the end of a known chain.
/// </summary>
public sealed record BackingStoreDef
{
    public static readonly BackingStoreDef End = new();

    public DiskType? Type { get; init; }
    public uint? Index { get; init; }
    public DiskFormat? Format { get; init; }
    public string? Source { get; init; }
    public BackingStoreDef? Next { get; init; }

    public bool IsEnd => Type is null && Source is null;
}

/// <summary>
/// &lt;mirror type job ready&gt; with &lt;format&gt; and &lt;source&gt;: where a block copy job writes. Ready is
/// libvirt's mirror state: null while the copy catches up (no attribute), "yes" once it mirrors, "abort" or
/// "pivot" while the job is being ended that way.
/// </summary>
public sealed record DiskMirrorDef(DiskType Type, string Path, DiskFormat Format, string Job = "copy", string? Ready = null);
