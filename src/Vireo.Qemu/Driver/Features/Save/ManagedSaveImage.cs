using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// Where a persistent domain's managed save image lives: LibDir/save/NAME.save (libvirt:
/// /var/lib/libvirt/qemu/save/NAME.save), and the rules other operations follow while one exists.
/// </summary>
internal static class ManagedSaveImage
{
    public static string PathOf(QemuDriverPaths paths, string name) => System.IO.Path.Combine(paths.LibDir, "save", name + ".save");

    public static bool Exists(QemuDriverPaths paths, string name) => File.Exists(PathOf(paths, name));

    public static void Delete(QemuDriverPaths paths, string name) => File.Delete(PathOf(paths, name));

    /// <summary>libvirt keeps an undefined domain's image only when asked to remove it with it (--managed-save).</summary>
    public static void CheckUndefine(QemuDriverPaths paths, string name, bool removeIt)
    {
        if (!Exists(paths, name)) return;
        if (!removeIt)
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "Refusing to undefine while domain managed save image exists");
        Delete(paths, name);
    }

    /// <summary>
    /// libvirt refuses to rename a domain with a managed save (checked against libvirtd 9.0): the image is found
    /// by the domain's name, and its header holds the old definition.
    /// </summary>
    public static void CheckRename(QemuDriverPaths paths, string name)
    {
        if (Exists(paths, name))
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Qemu,
                "domain with a managed saved state can't be renamed");
    }

    public static VirException NoImage() =>
        new(VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "domain does not have managed save image");
}
