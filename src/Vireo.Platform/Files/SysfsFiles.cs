namespace Vireo.Platform.Files;

/// <summary>Small reads of sysfs (and procfs) files the way libudev and libvirt read them.</summary>
public static class SysfsFiles
{
    /// <summary>A file's text without its trailing newline; null when absent or unreadable (EINVAL for a down link's speed).</summary>
    public static string? ReadSmall(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\n') : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>A uevent file's KEY=VALUE lines (empty when unreadable).</summary>
    public static Dictionary<string, string> ReadUevent(string path)
    {
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ReadSmall(path) is not { } text) return props;
        foreach (var line in text.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) props[line[..eq]] = line[(eq + 1)..];
        }
        return props;
    }

    /// <summary>The last part of a symlink's target ("subsystem" -> "net"); null when it is not a link.</summary>
    public static string? LinkName(string path)
    {
        try { return new FileInfo(path).LinkTarget is { } t ? Path.GetFileName(t.TrimEnd('/')) : null; }
        catch (IOException) { return null; }
    }
}
