using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Shared host directories over virtio-9p ("-fsdev local,id=fsdev-fsN" + virtio-9p-pci "fsN" with the
/// target as mount tag). virtiofs needs a virtiofsd process per share, which the driver does not run yet.
/// </summary>
internal static class FilesystemArgs
{
    public static void Reserve(BuildSession s)
    {
        foreach (var fs in s.Def.Devices.Filesystems)
            s.Pci.ReserveExplicit(fs.Address, Describe(fs));
    }

    public static void Emit(BuildSession s)
    {
        var filesystems = s.Def.Devices.Filesystems;
        for (int i = 0; i < filesystems.Count; i++)
        {
            var fs = filesystems[i];
            var what = Describe(fs);
            switch (fs.Driver?.Type)
            {
                case null or FilesystemDriverType.Path:
                    break;
                case FilesystemDriverType.Virtiofs:
                    throw s.Unsupported($"{what} of {s.Owner} uses virtiofs, which needs a virtiofsd helper Vireo does not run yet; use <driver type='path'/> (virtio-9p)");
                default:
                    throw s.Unsupported($"{what} of {s.Owner} uses driver type '{fs.Driver.Type.ToString()!.ToLowerInvariant()}', which only containers support; use 'path'");
            }
            var id = DeviceAliases.Filesystem(fs, i);
            var fsdev = $"fsdev-{id}";
            s.Add("-fsdev", new QemuProps("local").Add("security_model", (fs.AccessMode ?? FilesystemAccessMode.Passthrough) switch
            {
                FilesystemAccessMode.Mapped => "mapped-xattr",
                FilesystemAccessMode.Squash => "none",
                _ => "passthrough",
            }).Add("id", fsdev).Add("path", fs.SourceDir).Add("readonly", fs.ReadOnly ? true : null));
            var props = new QemuProps("virtio-9p-pci").Add("id", id).Add("fsdev", fsdev).Add("mount_tag", fs.TargetDir);
            s.Pci.Place(props, fs.Address, id, what);
            s.Device("virtio-9p-pci", props, what);
        }
    }

    private static string Describe(FilesystemDef fs) => $"<filesystem> '{fs.TargetDir}'";
}
