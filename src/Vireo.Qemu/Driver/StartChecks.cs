using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver;

/// <summary>
/// What must hold before QEMU is spawned, checked on the host's files (the command builder checks the
/// definition against the emulator). Each failure is libvirtd 9.0's sentence naming the path.
/// </summary>
internal static class StartChecks
{
    public static void FilesExist(DomainDef def)
    {
        foreach (var disk in def.Devices.Disks)
        {
            if (disk.Source is not { } src || string.IsNullOrEmpty(src.Path)) continue; // an empty removable drive
            if (!File.Exists(src.Path) && !(disk.Type == DiskType.Block && Path.Exists(src.Path)))
                throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Storage,
                    $"Cannot access storage file '{src.Path}': No such file or directory");
        }
        CheckBootFile(def.Os.Kernel);
        CheckBootFile(def.Os.Initrd);
        CheckBootFile(def.Os.Loader?.Path);
    }

    /// <summary>libvirtd's words come from its DAC security driver, which stats each file to label it.</summary>
    private static void CheckBootFile(string? path)
    {
        if (path is not null && !File.Exists(path))
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Qemu, $"unable to stat: {path}: No such file or directory");
    }

    /// <summary>Unix socket paths are limited to 107 bytes; say which directory is too deep.</summary>
    public static void SocketPathFits(string socketPath, string domainName)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(socketPath) > QemuDriverPaths.MaxSocketPath)
            throw VirErrors.Unsupported(
                $"cannot start domain '{domainName}': its monitor socket path '{socketPath}' is longer than the {QemuDriverPaths.MaxSocketPath} bytes a Unix socket allows; use a shorter state directory",
                VirErrorDomain.Qemu);
    }
}
