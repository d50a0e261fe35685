namespace Vireo.Snmp.Tests.Support;

/// <summary>A private directory removed afterwards; Unix socket paths must stay short (108 bytes).</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "vsnmp")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
