namespace Vireo.Lxc.Runtime;

/// <summary>
/// Atomic replacement (temp file, rename) without fsync, for run-time state in the run directory: a
/// reader sees the old or the new content, never a mix. Durability would buy nothing there (the run
/// directory, like the containers it describes, does not outlive a reboot) and costs an fsync on the
/// start path of every container.
/// </summary>
internal static class RunFile
{
    public static async Task WriteAsync(string path, string text, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, ct).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
