using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Firmware, boot menu and direct kernel boot, SMBIOS mode and the guest's power states. A ROM loader is
/// -bios; a pflash loader (UEFI) is two read-only/read-write -blockdev pairs wired to -machine
/// pflash0/pflash1 ("libvirt-pflash0-format", "libvirt-pflash1-format"). The per-domain NVRAM file is
/// copied from its template by the driver before start.
/// </summary>
internal static class BootArgs
{
    public const string LoaderFormatNode = "libvirt-pflash0-format";
    public const string NvramFormatNode = "libvirt-pflash1-format";

    public static bool UsesPflash(BuildSession s) => s.Def.Os.Loader is { Type: LoaderType.Pflash };

    public static void EmitFirmwareBlockdevs(BuildSession s)
    {
        var os = s.Def.Os;
        if (os.Firmware is not null && os.Loader?.Path is null)
            throw s.Unsupported($"<os firmware='{os.Firmware.ToString()!.ToLowerInvariant()}'> of {s.Owner} asks for automatic firmware selection, which Vireo does not do; give <loader> (and <nvram>) paths");
        if (!UsesPflash(s)) return;
        var loader = os.Loader!;
        var path = loader.Path ?? throw s.Unsupported($"<loader type='pflash'> of {s.Owner} has no path");
        Pair(s, path, "libvirt-pflash0-storage", LoaderFormatNode, readOnly: loader.ReadOnly != YesNo.No);
        if (os.Nvram is { } nvram)
        {
            var nvramPath = nvram.Path ?? throw s.Unsupported($"<nvram> of {s.Owner} has no path; the driver gives each domain its own copy of the template");
            Pair(s, nvramPath, "libvirt-pflash1-storage", NvramFormatNode, readOnly: false);
        }
        if (loader.Secure == YesNo.Yes)
            s.Add("-global", "driver=cfi.pflash01,property=secure,value=on");
    }

    private static void Pair(BuildSession s, string path, string storage, string format, bool readOnly)
    {
        s.Add("-blockdev", new QemuProps().Add("driver", "file").Add("filename", path).Add("node-name", storage)
            .Add("auto-read-only", true).Add("discard", "unmap"));
        s.Add("-blockdev", new QemuProps().Add("node-name", format).Add("read-only", readOnly).Add("driver", "raw").Add("file", storage));
    }

    public static void Emit(BuildSession s)
    {
        var os = s.Def.Os;
        var boot = new QemuProps();
        if (os.BootMenu is { } menu)
        {
            boot.Add("menu", menu.Enable == YesNo.Yes);
            if (menu.Enable == YesNo.Yes) boot.Add("splash-time", menu.Timeout);
        }
        if (os.Bios?.RebootTimeout is { } reboot) boot.Add("reboot-timeout", reboot);
        boot.Add("strict", true);
        s.Add("-boot", boot);

        if (os.Loader is { Type: not LoaderType.Pflash, Path: { } rom }) s.Add("-bios", rom);
        if (os.Kernel is { } kernel) s.Add("-kernel", kernel);
        else if (os.Initrd is not null || os.Cmdline is not null || os.Dtb is not null)
            throw s.Unsupported($"<initrd>, <cmdline> and <dtb> of {s.Owner} need a <kernel> to go with them");
        if (os.Initrd is { } initrd) s.Add("-initrd", initrd);
        if (os.Cmdline is { } cmdline) s.Add("-append", cmdline);
        if (os.Dtb is { } dtb) s.Add("-dtb", dtb);

        switch (os.Smbios)
        {
            case SmbiosMode.Host:
                throw s.Unsupported($"<smbios mode='host'/> of {s.Owner} is not supported; use mode='emulate'");
            case SmbiosMode.Sysinfo:
                throw s.Unsupported($"<smbios mode='sysinfo'/> of {s.Owner} needs <sysinfo>, which Vireo does not support yet; use mode='emulate'");
        }

        // <pm>: the chipset's power-management device decides whether S3/S4 are offered to the guest.
        var pmDevice = s.IsQ35 ? "ICH9-LPC" : "PIIX4_PM";
        if (s.Def.Pm?.SuspendToMem is { } mem) s.Add("-global", $"{pmDevice}.disable_s3={(mem == YesNo.Yes ? 0 : 1)}");
        if (s.Def.Pm?.SuspendToDisk is { } disk) s.Add("-global", $"{pmDevice}.disable_s4={(disk == YesNo.Yes ? 0 : 1)}");
    }
}
