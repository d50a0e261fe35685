namespace Vireo.Core.NodeDevices;

/// <summary>
/// Block devices (udevProcessStorage): the drive type comes from udevd's ID_TYPE / ID_CDROM / ID_DRIVE_*
/// properties; without them only a /dev/vd* disk is recognised (libvirt's "kludge"), so on a host without
/// udevd, loop, zram and sd disks are not listed, as libvirtd does not list them either.
/// </summary>
internal static class NodeDeviceStorage
{
    public static bool Lines(SysfsDevice d, XmlLines x, out string? nameSuffix)
    {
        nameSuffix = null;
        if (d.Property("DEVNAME") is not { } devName) return false;
        var block = devName.StartsWith('/') ? devName : "/dev/" + devName;
        var serial = d.Property("ID_SERIAL");
        var driveType = d.Property("ID_TYPE");
        if (driveType is null or "generic")
        {
            driveType = Flag(d, "ID_DRIVE_FLOPPY") ? "floppy"
                : Flag(d, "ID_CDROM") ? "cd"
                : Flag(d, "ID_DRIVE_FLASH_SD") ? "sd"
                : block.StartsWith("/dev/vd", StringComparison.Ordinal) ? "disk"
                : null;
            if (driveType is null) return false;
        }
        ulong.TryParse(d.Attribute("size"), out var blocks);
        ulong.TryParse(d.Attribute("queue/logical_block_size"), out var blockSize);
        bool removable = false, hasMedia = false;
        switch (driveType)
        {
            case "cd":
                driveType = "cdrom"; // libvirt keeps HAL's word
                removable = d.Attribute("removable") == "1";
                hasMedia = Flag(d, "ID_CDROM_MEDIA");
                break;
            case "floppy":
                removable = d.Attribute("removable") == "1";
                hasMedia = d.Property("ID_CDROM_MEDIA") is not null ? Flag(d, "DKD_MEDIA_AVAILABLE") : d.Property("ID_FS_LABEL") is not null;
                break;
            case "disk" or "sd":
                break;
            default:
                return false;
        }
        x.Text("block", block);
        x.OptText("bus", d.Property("ID_BUS"));
        x.Text("drive_type", driveType);
        x.OptText("model", d.Attribute("device/model")?.Trim());
        x.OptText("vendor", d.Attribute("device/vendor")?.Trim());
        x.OptText("serial", serial);
        if (removable)
        {
            // A removable drive without media reports no size or blocks (libvirt reads them only with media).
            if (!hasMedia) blocks = blockSize = 0;
            x.Open("capability", "type='removable'");
            x.Raw($"<media_available>{(hasMedia ? 1 : 0)}</media_available>");
            x.Raw($"<media_size>{blocks * blockSize}</media_size>");
            if (hasMedia) x.OptText("media_label", d.Property("ID_FS_LABEL"));
            if (blockSize > 0) x.Raw($"<logical_block_size>{blockSize}</logical_block_size>");
            if (blocks > 0) x.Raw($"<num_blocks>{blocks}</num_blocks>");
            x.Close("capability");
        }
        else
        {
            x.Raw($"<size>{blocks * blockSize}</size>");
            if (blockSize > 0) x.Raw($"<logical_block_size>{blockSize}</logical_block_size>");
            if (blocks > 0) x.Raw($"<num_blocks>{blocks}</num_blocks>");
        }
        nameSuffix = serial;
        return true;
    }

    private static bool Flag(SysfsDevice d, string key) => int.TryParse(d.Property(key), out var v) && v == 1;
}
