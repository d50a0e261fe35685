using Vireo.Client;

namespace ClientSample;

/// <summary>
/// The storage part of docs/client-library.md: a directory pool and a qcow2 volume in it. The region between
/// the snippet markers appears in the doc verbatim (Vireo.Client.Tests checks) and ClientSampleTests runs it.
/// </summary>
public static class StorageWalkthrough
{
    /// <summary>Defines, builds and starts pool <paramref name="name"/> on <paramref name="directory"/>, adds a 1 GiB qcow2, then removes both.</summary>
    public static async Task RunAsync(VirConnection conn, string name, string directory, TextWriter output, CancellationToken ct)
    {
        // <snippet:storage>
        var pool = await conn.DefineStoragePoolAsync(
            $"<pool type='dir'><name>{name}</name><target><path>{directory}</path></target></pool>", ct);
        await pool.BuildAsync(ct);
        await pool.StartAsync(ct: ct);
        var vol = await pool.CreateVolumeAsync(
            "<volume><name>a.qcow2</name><capacity>1073741824</capacity><target><format type='qcow2'/></target></volume>", ct: ct);
        output.WriteLine($"{vol.Key}: {(await vol.GetInfoAsync(ct)).Capacity} bytes");
        // </snippet>
        await vol.DeleteAsync(ct: ct);
        await pool.DestroyAsync(ct);
        await pool.UndefineAsync(ct);
        output.WriteLine($"removed {name}");
    }
}
