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

    [Fact]
    public async Task Python_libvirt_clones_wipes_and_streams_a_volume_with_libvirts_error_codes()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("pyv");
        var dir = Path.Combine(served.RootPath, "pyv");
        await served.VirshOkAsync("pool-create-as", pool, "dir", "--target", dir, "--build");
        await served.VirshOkAsync("vol-create-as", pool, "src.raw", "1M", "--allocation", "0");
        var script = served.WriteFile("volumes.py", """
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            p = c.storagePoolLookupByName(sys.argv[2])
            src = p.storageVolLookupByName("src.raw")
            st = c.newStream(0)
            src.upload(st, 0, 0, 0)
            st.send(b"vireo" * 1000)
            st.finish()
            copy = p.createXMLFrom("<volume><name>copy.raw</name><allocation>0</allocation></volume>", src, 0)
            st = c.newStream(0)
            copy.download(st, 0, 5000, 0)
            got = bytearray()
            st.recvAll(lambda s, data, buf: buf.extend(data), got)
            st.finish()
            print(copy.name(), copy.info()[1], bytes(got) == b"vireo" * 1000)
            for alg in (9, 10):
                try:
                    copy.wipePattern(alg, 0)
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            copy.wipe(0)
            st = c.newStream(0)
            copy.download(st, 0, 5000, 0)
            got = bytearray()
            st.recvAll(lambda s, data, buf: buf.extend(data), got)
            st.finish()
            print(bytes(got) == bytes(5000))
            try:
                p.createXMLFrom("<volume><name>copy.raw</name></volume>", src, 0)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """);
        var lines = (await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, pool)).Trim().Split('\n');
        Assert.Equal("copy.raw 1048576 True", lines[0]);
        // Codes and domains as libvirtd 9.0 returns them (74 ARGUMENT_UNSUPPORTED, 8 INVALID_ARG, 1 INTERNAL_ERROR; 18 storage).
        Assert.Equal("74 18 argument unsupported: 'trim' algorithm not supported", lines[1]);
        Assert.Equal("8 18 invalid argument: wiping algorithm 10 not supported", lines[2]);
        Assert.Equal("True", lines[3]);
        Assert.Equal("1 18 internal error: storage volume name 'copy.raw' already in use.", lines[4]);
    }
}
