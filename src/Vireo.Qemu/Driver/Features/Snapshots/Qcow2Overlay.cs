using System.Buffers.Binary;
using System.Text;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// Writes an empty qcow2 (version 3) image whose every read falls through to a backing file: what
/// `qemu-img create -f qcow2 -F FMT -b BACKING -u IMG SIZE` writes, built in memory so a live snapshot
/// needs no process spawn. Layout (QEMU's docs/interop/qcow2.txt): cluster 0 holds the header, the
/// backing-format extension and the backing file name; cluster 1 the refcount table; cluster 2 the one
/// refcount block; clusters 3.. the (all-zero) L1 table, the file ending with its last entry as qemu-img's
/// does (so the file is as long as libvirt's overlays). Every cluster in use has refcount 1, so
/// `qemu-img check` finds nothing to fix. Pure.
/// </summary>
internal static class Qcow2Overlay
{
    public const int ClusterBits = 16;
    public const int ClusterSize = 1 << ClusterBits;
    private const uint Magic = 0x514649fb; // "QFI\xfb"
    private const uint BackingFormatExtension = 0xe2792aca;
    private const int HeaderLength = 104; // the version 3 header without optional fields
    private const int MaxBackingName = 1023; // QEMU refuses longer backing file names

    /// <summary>The image bytes. The backing path is stored as given (callers pass absolute paths, as libvirt does).</summary>
    public static byte[] Build(ulong virtualSize, string backingPath, string backingFormat)
    {
        var name = Encoding.UTF8.GetBytes(backingPath);
        if (name.Length == 0 || name.Length > MaxBackingName)
            throw new ArgumentException($"a qcow2 backing file name must be 1 to {MaxBackingName} bytes, not {name.Length}", nameof(backingPath));
        var format = Encoding.ASCII.GetBytes(backingFormat);

        // Each L2 table maps ClusterSize/8 clusters; the L1 table needs one entry per L2 table.
        ulong bytesPerL2 = (ulong)ClusterSize * (ClusterSize / 8);
        ulong l1Entries = (virtualSize + bytesPerL2 - 1) / bytesPerL2;
        if (l1Entries > int.MaxValue / 8) throw new ArgumentOutOfRangeException(nameof(virtualSize), "the image is too large");
        int l1Clusters = Math.Max(1, (int)((l1Entries * 8 + ClusterSize - 1) / ClusterSize));
        int clusters = 3 + l1Clusters;
        if (clusters > ClusterSize / 2) throw new ArgumentOutOfRangeException(nameof(virtualSize), "the image is too large for one refcount block");

        var image = new byte[3L * ClusterSize + (long)l1Entries * 8];
        var h = image.AsSpan();
        int extensionsAt = HeaderLength;
        int formatPadded = (format.Length + 7) & ~7;
        int backingAt = extensionsAt + 8 + formatPadded + 8; // format extension, then the end-of-extensions marker
        if (backingAt + name.Length > ClusterSize) throw new ArgumentException("the backing file name does not fit in the header cluster", nameof(backingPath));

        BinaryPrimitives.WriteUInt32BigEndian(h[0..], Magic);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], 3);                        // version
        BinaryPrimitives.WriteUInt64BigEndian(h[8..], (ulong)backingAt);         // backing_file_offset
        BinaryPrimitives.WriteUInt32BigEndian(h[16..], (uint)name.Length);       // backing_file_size
        BinaryPrimitives.WriteUInt32BigEndian(h[20..], ClusterBits);
        BinaryPrimitives.WriteUInt64BigEndian(h[24..], virtualSize);
        BinaryPrimitives.WriteUInt32BigEndian(h[32..], 0);                       // crypt_method
        BinaryPrimitives.WriteUInt32BigEndian(h[36..], (uint)l1Entries);         // l1_size
        BinaryPrimitives.WriteUInt64BigEndian(h[40..], 3UL * ClusterSize);       // l1_table_offset
        BinaryPrimitives.WriteUInt64BigEndian(h[48..], 1UL * ClusterSize);       // refcount_table_offset
        BinaryPrimitives.WriteUInt32BigEndian(h[56..], 1);                       // refcount_table_clusters
        // nb_snapshots, snapshots_offset and the three feature bitmaps stay zero.
        BinaryPrimitives.WriteUInt32BigEndian(h[96..], 4);                       // refcount_order: 16-bit refcounts
        BinaryPrimitives.WriteUInt32BigEndian(h[100..], HeaderLength);

        BinaryPrimitives.WriteUInt32BigEndian(h[extensionsAt..], BackingFormatExtension);
        BinaryPrimitives.WriteUInt32BigEndian(h[(extensionsAt + 4)..], (uint)format.Length);
        format.CopyTo(h[(extensionsAt + 8)..]);
        // The end-of-extensions marker (type 0, length 0) is already zero.
        name.CopyTo(h[backingAt..]);

        BinaryPrimitives.WriteUInt64BigEndian(h[ClusterSize..], 2UL * ClusterSize); // refcount table -> block in cluster 2
        for (int c = 0; c < clusters; c++)
            BinaryPrimitives.WriteUInt16BigEndian(h[(2 * ClusterSize + 2 * c)..], 1);
        return image;
    }

    /// <summary>
    /// Creates the file (failing if it exists: an overlay never replaces anything), writes and fsyncs it.
    /// Mode 0600 like libvirt's overlays: guests' disks are not for other users to read.
    /// </summary>
    public static void Create(string path, ulong virtualSize, string backingPath, string backingFormat)
    {
        var bytes = Build(virtualSize, backingPath, backingFormat);
#pragma warning disable CA1416 // Vireo runs on Linux only
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
#pragma warning restore CA1416
        using var f = new FileStream(path, options);
        f.Write(bytes);
        f.Flush(flushToDisk: true);
    }
}
