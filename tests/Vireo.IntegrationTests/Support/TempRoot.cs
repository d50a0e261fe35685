namespace Vireo.IntegrationTests.Support;

/// <summary>A private state directory (the engine's root=DIR), short enough for socket paths; removed on dispose.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = System.IO.Directory.CreateTempSubdirectory("vit-").FullName;
    }

    public string Path { get; }

    /// <summary>Every file (with its content) and directory under the root (logs excluded: they only grow), to prove a failure changed nothing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        System.IO.Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/log/", StringComparison.Ordinal) && !f.Contains("/lib/caps/", StringComparison.Ordinal))
            .Where(f => !IsSocket(f) && System.IO.Path.GetFileName(f) is not ("engine.lock" or "engine.pid" or "embed.lock")) // the running engine's own lock, held open
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => System.IO.Path.GetRelativePath(Path, f), f => new FileInfo(f).LinkTarget ?? File.ReadAllText(f))
            .Concat(System.IO.Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories)
                .Where(d => !d.Contains("/lib/caps", StringComparison.Ordinal))
                .Select(d => KeyValuePair.Create(System.IO.Path.GetRelativePath(Path, d) + "/", "(directory)")))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Sockets (QEMU's, which come and go with the guest, and a served engine's "sock") cannot be read as files.</summary>
    private static bool IsSocket(string path) =>
        path.EndsWith(".sock", StringComparison.Ordinal) || System.IO.Path.GetFileName(path) is "sock" or "sock-ro";

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
