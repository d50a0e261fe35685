namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// libvirt's default overlay names: the disk's image path without its suffix, then '.' and the snapshot
/// name, in the same directory ("/var/lib/images/web.qcow2" + "s1" -> "/var/lib/images/web.s1").
/// A second snapshot of an overlay replaces the first snapshot's name ("web.s1" + "s2" -> "web.s2").
/// Pure.
/// </summary>
internal static class OverlayNames
{
    public static string Default(string imagePath, string snapshotName)
    {
        var dir = Path.GetDirectoryName(imagePath) ?? "/";
        var file = Path.GetFileName(imagePath);
        var dot = file.LastIndexOf('.');
        var stem = dot > 0 ? file[..dot] : file;
        return Path.Combine(dir, stem + "." + snapshotName);
    }

    /// <summary>
    /// The overlay a revert puts on a snapshot's image: the default name with "-revertN", the first N
    /// that names no existing file, so the images later snapshots still use are never touched.
    /// </summary>
    public static string ForRevert(string imagePath, string snapshotName, Func<string, bool> exists)
    {
        var stem = Default(imagePath, snapshotName);
        for (int n = 1; ; n++)
        {
            var candidate = $"{stem}-revert{n}";
            if (!exists(candidate)) return candidate;
        }
    }
}
