using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// vol-upload and vol-download (STORAGE_VOL_UPLOAD 208 / DOWNLOAD 209, data as a stream on the call's serial)
/// through Debian's virsh against vireod's composition; what libvirtd 9.0 does for the same commands.
/// </summary>
public sealed class VolumeTransferTests
{
    [Fact]
    public async Task Virsh_uploads_and_downloads_volume_bytes_with_offsets_and_lengths()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("up");
        var dir = Path.Combine(served.RootPath, "up");
        await served.VirshOkAsync("pool-create-as", pool, "dir", "--target", dir, "--build");
        await served.VirshOkAsync("vol-create-as", pool, "u.raw", "1M", "--allocation", "0");
        var data = new byte[600_000]; // more than two stream packets
        new Random(7).NextBytes(data);
        var source = served.WriteFile("data.bin", "");
        File.WriteAllBytes(source, data);
        var volume = Path.Combine(dir, "u.raw");

        Assert.Equal("", (await served.VirshOkAsync("vol-upload", "u.raw", source, "--pool", pool)).Trim());
        Assert.Equal(data, File.ReadAllBytes(volume)[..data.Length]);
        Assert.Equal(1L << 20, new FileInfo(volume).Length); // written over, not truncated

        var whole = Path.Combine(served.RootPath, "whole.bin");
        await served.VirshOkAsync("vol-download", "u.raw", whole, "--pool", pool);
        Assert.Equal(File.ReadAllBytes(volume), File.ReadAllBytes(whole));
        var part = Path.Combine(served.RootPath, "part.bin");
        await served.VirshOkAsync("vol-download", "u.raw", part, "--pool", pool, "--offset", "10", "--length", "20");
        Assert.Equal(data[10..30], File.ReadAllBytes(part));
        var past = Path.Combine(served.RootPath, "past.bin");
        await served.VirshOkAsync("vol-download", "u.raw", past, "--pool", pool, "--offset", "2000000");
        Assert.Empty(File.ReadAllBytes(past));

        // More data than --length: libvirtd 9.0 refuses the packet in these words and writes none of it.
        var r = await served.VirshAsync("vol-upload", "u.raw", source, "--pool", pool, "--offset", "5", "--length", "10");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("cannot write to stream: No space left on device", r.Stderr);
        Assert.Equal(data, File.ReadAllBytes(volume)[..data.Length]);

        // Past the end the file grows, as under libvirt; the volume is read again afterwards.
        await served.VirshOkAsync("vol-upload", "u.raw", source, "--pool", pool, "--offset", "2000000");
        Assert.Equal(2_000_000L + data.Length, new FileInfo(volume).Length);
        Assert.Matches(@"Capacity:\s+2600000 bytes", await served.VirshOkAsync("vol-info", "u.raw", "--pool", pool, "--bytes"));
        Assert.Equal(data, File.ReadAllBytes(volume)[2_000_000..]);
    }
}
