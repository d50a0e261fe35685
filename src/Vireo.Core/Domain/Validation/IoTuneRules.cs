using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>A disk's &lt;iotune&gt; as libvirt 9.0's QEMU driver accepts it at define, in libvirt's sentences.</summary>
public static class IoTuneRules
{
    /// <summary>QEMU's largest throttle value (THROTTLE_VALUE_MAX), which libvirt checks before QEMU does.</summary>
    public const ulong MaxValue = 1_000_000_000_000_000UL;

    public static IEnumerable<VirException> Check(DiskIoTuneDef tune)
    {
        if (tune.Values.Any(v => v > MaxValue))
            yield return new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                $"block I/O throttle limit must be no more than {MaxValue} using QEMU");
        if (tune.GroupName is not null && tune.Values.All(v => v == 0))
            yield return VirErrors.Unsupported("group_name can be configured only together with settings");
    }

    /// <summary>The first family ("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max") whose total and read or write limit are both set.</summary>
    public static string? TotalWithReadOrWrite(DiskIoTuneDef t)
    {
        foreach (var total in (ReadOnlySpan<IoTuneField>)[IoTuneField.TotalBytesSec, IoTuneField.TotalIopsSec, IoTuneField.TotalBytesSecMax, IoTuneField.TotalIopsSecMax])
        {
            if (t[total] != 0 && (t[total + 1] != 0 || t[total + 2] != 0))
                return DiskIoTuneDef.NameOf(total)["total_".Length..];
        }
        return null;
    }
}
