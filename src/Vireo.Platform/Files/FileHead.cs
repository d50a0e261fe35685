namespace Vireo.Platform.Files;

/// <summary>The first bytes of a file and its length, read once (what an image header parser needs).</summary>
public static class FileHead
{
    /// <summary>
    /// Up to <paramref name="maxBytes"/> from the start of <paramref name="path"/>. Opened for reading with
    /// every sharing mode, so an image a running QEMU holds (OFD locks, not share modes) is still read.
    /// </summary>
    public static (byte[] Head, long Length) Read(string path, int maxBytes)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var buffer = new byte[(int)Math.Min(maxBytes, Math.Max(length, 0))];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
            if (n == 0) break;
            read += n;
        }
        return (read == buffer.Length ? buffer : buffer[..read], length);
    }
}
