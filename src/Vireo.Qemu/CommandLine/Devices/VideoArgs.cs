using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Video cards ("videoN"). The primary card (primary='yes', else the first) gets the VGA-compatible
/// device (VGA, cirrus-vga, qxl-vga, virtio-vga, bochs-display) in the machine's video slot; further
/// cards must be qxl or virtio (qxl, virtio-gpu-pci). Sizes in the XML are KiB; QEMU wants MiB or bytes.
/// </summary>
internal static class VideoArgs
{
    public static void Reserve(BuildSession s)
    {
        var videos = Videos(s);
        for (int i = 0; i < videos.Count; i++)
            if (videos[i].Model != VideoModel.Ramfb)
                s.Pci.ReserveExplicit(videos[i].Address, Describe(videos[i]));
    }

    public static void Emit(BuildSession s)
    {
        var videos = Videos(s);
        if (videos.Count == 0) return;
        int primary = Math.Max(0, videos.ToList().FindIndex(v => v.Primary == YesNo.Yes));
        for (int i = 0; i < videos.Count; i++)
        {
            var v = videos[i];
            var what = Describe(v);
            bool isPrimary = i == primary;
            var id = DeviceAliases.Video(v, i);
            var driver = (v.Model, isPrimary) switch
            {
                (VideoModel.Vga, true) => "VGA",
                (VideoModel.Cirrus, true) => "cirrus-vga",
                (VideoModel.Qxl, true) => "qxl-vga",
                (VideoModel.Qxl, false) => "qxl",
                (VideoModel.Virtio, true) => "virtio-vga",
                (VideoModel.Virtio, false) => "virtio-gpu-pci",
                (VideoModel.Bochs, true) => "bochs-display",
                (VideoModel.Ramfb, true) => "ramfb",
                _ => throw s.Unsupported($"{what} of {s.Owner} cannot be a secondary video card; only qxl and virtio can"),
            };
            var props = new QemuProps(driver).Add("id", id);
            switch (v.Model)
            {
                case VideoModel.Qxl:
                    props.Add("ram_size", (ulong?)v.Ram * 1024).Add("vram_size", (ulong?)v.Vram * 1024);
                    if (isPrimary) props.Add("vgamem_mb", v.Vgamem / 1024);
                    props.Add("max_outputs", v.Heads);
                    break;
                case VideoModel.Virtio:
                    props.Add("max_outputs", v.Heads);
                    break;
                case VideoModel.Vga or VideoModel.Cirrus:
                    props.Add("vgamem_mb", v.Vram / 1024);
                    break;
                case VideoModel.Bochs:
                    props.Add("vgamem", (ulong?)v.Vram * 1024);
                    break;
            }
            if (v.Model != VideoModel.Ramfb)
            {
                var address = v.Address ?? (isPrimary ? s.Pci.TakePrimaryVideoSlot(what) : null);
                s.Pci.Place(props, address, id, what);
            }
            s.Device(driver, props, what);
        }
    }

    /// <summary>The video cards to create: model 'none' means none, and must then be the only one.</summary>
    private static IReadOnlyList<VideoDef> Videos(BuildSession s)
    {
        var videos = s.Def.Devices.Videos;
        if (videos.Any(v => v.Model == VideoModel.None))
        {
            if (videos.Count > 1)
                throw s.Unsupported($"<video><model type='none'/> of {s.Owner} cannot be combined with other video cards");
            return [];
        }
        return videos;
    }

    private static string Describe(VideoDef v) => $"<video><model type='{v.Model.ToString().ToLowerInvariant()}'/>";
}
