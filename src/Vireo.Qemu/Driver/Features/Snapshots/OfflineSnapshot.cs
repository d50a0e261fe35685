using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Images;
using Vireo.Drivers.Storage;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// A snapshot of a shut-off domain: each disk gets a new qcow2 overlay backed by its current image (what
/// `qemu-img create -f qcow2 -F FMT -b IMAGE OVERLAY` writes), and the caller switches the configuration
/// to the overlays. Nothing runs, so nothing can change in between; on a failure the overlays written
/// so far are removed.
/// </summary>
internal static class OfflineSnapshot
{
    /// <summary>Writes the overlays; returns each disk's new chain (overlay first, then the images below, read from their headers).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ImageRef>> Run(CreatePlan plan, string domainName)
    {
        var chains = new Dictionary<string, IReadOnlyList<ImageRef>>(StringComparer.Ordinal);
        var below = new Dictionary<string, IReadOnlyList<(string Path, ImageHeader Header)>>(StringComparer.Ordinal);
        foreach (var p in plan.Disks)
            below[p.Target] = ReadChain(p.CurrentTop, p.Target, domainName);

        var created = new List<string>();
        try
        {
            foreach (var p in plan.Disks)
            {
                var top = below[p.Target][0];
                if (p.Reuse)
                {
                    var h = ImageHeaderReader.Read(p.Overlay);
                    if (h.Format != DiskFormat.Qcow2 || h.BackingFile != p.CurrentTop)
                        throw VirErrors.Unsupported($"cannot reuse '{p.Overlay}' for disk {p.Target}: it must be a qcow2 image backed by '{p.CurrentTop}'");
                }
                else
                {
                    Qcow2Overlay.Create(p.Overlay, top.Header.VirtualSize, p.CurrentTop, QemuImg.FormatName(top.Header.Format));
                    created.Add(p.Overlay);
                }
                chains[p.Target] = [new ImageRef(p.Overlay, DiskFormat.Qcow2), .. below[p.Target].Select(l => new ImageRef(l.Path, l.Header.Format))];
            }
        }
        catch (Exception e) when (e is IOException or VirException or UnauthorizedAccessException or InvalidDataException)
        {
            foreach (var file in created) File.Delete(file);
            throw e is VirException v
                ? new VirException(v.Code, v.ErrorDomain, $"snapshot '{plan.Name}' of domain '{domainName}' failed, no disk was switched: {v.Detail}", e)
                : VirErrors.Failed($"snapshot '{plan.Name}' of domain '{domainName}' failed, no disk was switched: {e.Message}");
        }
        return chains;
    }

    /// <summary>The image and its backing chain as their headers say, or a sentence naming the disk.</summary>
    public static IReadOnlyList<(string Path, ImageHeader Header)> ReadChain(string top, string target, string domainName)
    {
        try
        {
            return ImageHeaderReader.ReadChain(top);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"cannot read the image chain of disk {target} of domain '{domainName}' from '{top}': {e.Message}");
        }
    }
}
