using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// The size blockresize asks QEMU for, by libvirt's rules: KiB unless the caller said bytes, and a qcow2
/// image grows in whole 512-byte sectors (QEMU refuses anything else for it). Pure.
/// </summary>
internal static class BlockSizes
{
    public static ulong Bytes(ulong size, bool inBytes)
    {
        if (inBytes) return size;
        if (size > ulong.MaxValue / 1024)
            throw new VirException(VirErrorCode.Overflow, VirErrorDomain.Qemu, $"size must be less than {ulong.MaxValue / 1024} KiB");
        return size * 1024;
    }

    public static ulong ForFormat(ulong bytes, DiskFormat format) =>
        format == DiskFormat.Qcow2 && bytes % 512 != 0 ? checked(bytes + 512 - bytes % 512) : bytes;
}
