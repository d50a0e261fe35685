using Vireo.Core.Images;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Storage;

/// <summary>
/// Reads image headers from files: the one place the storage driver and the QEMU driver's snapshot code
/// learn an image's format, size and backing without running qemu-img.
/// </summary>
public static class ImageHeaderReader
{
    /// <summary>Reads an image's header. The backing path comes back absolute (relative names are relative to the image's directory).</summary>
    public static ImageHeader Read(string path)
    {
        var (head, length) = FileHead.Read(path, ImageHeader.HeadBytes);
        return ImageHeader.Parse(head, length).WithBackingResolvedFrom(path);
    }

    /// <summary>The image and every backing image below it, top first (a loop is an error).</summary>
    public static IReadOnlyList<(string Path, ImageHeader Header)> ReadChain(string top)
    {
        var chain = new List<(string, ImageHeader)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? path = top;
        while (path is not null)
        {
            if (!seen.Add(path)) throw new InvalidDataException($"the backing chain of '{top}' loops at '{path}'");
            var h = Read(path);
            chain.Add((path, h));
            path = h.BackingFile;
        }
        return chain;
    }
}
