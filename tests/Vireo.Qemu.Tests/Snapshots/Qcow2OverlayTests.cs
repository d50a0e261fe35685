using System.Diagnostics;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Images;
using Vireo.Drivers.Storage;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>The overlay writer against qemu-img itself: what it writes must be a clean qcow2 that QEMU reads through to the backing file.</summary>
public sealed class Qcow2OverlayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vqs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static void RequireQemuImg() =>
        MachineSetUp.Require(File.Exists("/usr/bin/qemu-img"), "qemu-img (qemu-utils)");

    [Theory]
    [InlineData(64UL << 20, "qcow2")]
    [InlineData(1UL << 30, "raw")]
    [InlineData(8UL << 40, "qcow2")] // an L1 table larger than one cluster
    [InlineData(12345UL * 512, "raw")]
    public void Qemu_img_reads_the_overlay_as_a_clean_image_backed_by_the_given_file(ulong size, string backingFormat)
    {
        RequireQemuImg();
        var backing = Path.Combine(_dir, "base.img");
        Assert.Equal(0, Run("/usr/bin/qemu-img", "create", "-q", "-f", backingFormat, backing, size.ToString()).Code);
        var overlay = Path.Combine(_dir, "base.s1");
        Qcow2Overlay.Create(overlay, size, backing, backingFormat);

        var check = Run("/usr/bin/qemu-img", "check", overlay);
        Assert.True(check.Code == 0, check.Out);
        Assert.Contains("No errors were found on the image.", check.Out);
        var info = JsonNode.Parse(Run("/usr/bin/qemu-img", "info", "--output=json", overlay).Out)!;
        Assert.Equal("qcow2", (string?)info["format"]);
        Assert.Equal((long)size, (long?)info["virtual-size"]);
        Assert.Equal(backing, (string?)info["backing-filename"]);
        Assert.Equal(backingFormat, (string?)info["backing-filename-format"]);
#pragma warning disable CA1416 // Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(overlay));
#pragma warning restore CA1416
    }

    [Fact]
    public void Reads_fall_through_to_the_backing_file_and_writes_stay_in_the_overlay()
    {
        RequireQemuImg();
        var backing = Path.Combine(_dir, "base.qcow2");
        Run("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", backing, "16M");
        Assert.Equal(0, Run("/usr/bin/qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 64k", backing).Code);
        var overlay = Path.Combine(_dir, "base.s1");
        Qcow2Overlay.Create(overlay, 16UL << 20, backing, "qcow2");

        var write = Run("/usr/bin/qemu-io", "-f", "qcow2", "-c", "read -P 0x11 0 64k", "-c", "write -P 0x22 1M 64k", overlay);
        Assert.True(write.Code == 0 && !write.Out.Contains("Pattern verification failed"), write.Out);
        var baseRead = Run("/usr/bin/qemu-io", "-r", "-f", "qcow2", "-c", "read -P 0 1M 64k", backing);
        Assert.DoesNotContain("Pattern verification failed", baseRead.Out);
        Assert.Contains("No errors were found", Run("/usr/bin/qemu-img", "check", overlay).Out);
    }

    [Fact]
    public void The_header_reader_reads_back_what_the_writer_wrote()
    {
        var bytes = Qcow2Overlay.Build(64UL << 20, "/images/web.qcow2", "qcow2");
        var h = ImageHeader.Parse(bytes, bytes.Length);
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 64UL << 20, "/images/web.qcow2", DiskFormat.Qcow2, Qcow2Overlay.ClusterSize, 3), h);
        Assert.Equal(3 * Qcow2Overlay.ClusterSize + 8, bytes.Length); // the L1 table's one entry ends the file
    }

    /// <summary>virsh domblkinfo's Physical (the file's length) of an overlay is what it is for libvirt's, which qemu-img writes.</summary>
    [Theory]
    [InlineData(64UL << 20)]
    [InlineData(8UL << 40)]
    public void The_overlay_is_as_long_as_the_one_qemu_img_writes(ulong size)
    {
        RequireQemuImg();
        var backing = Path.Combine(_dir, "base.qcow2");
        Assert.Equal(0, Run("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", backing, size.ToString()).Code);
        var theirs = Path.Combine(_dir, "theirs.qcow2");
        Assert.Equal(0, Run("/usr/bin/qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backing, theirs).Code);
        var ours = Path.Combine(_dir, "ours.qcow2");
        Qcow2Overlay.Create(ours, size, backing, "qcow2");
        Assert.Equal(new FileInfo(theirs).Length, new FileInfo(ours).Length);
    }

    [Fact]
    public void A_file_without_the_qcow2_magic_is_raw_and_its_length_is_its_size()
    {
        var h = ImageHeader.Parse(new byte[512], 1 << 20);
        Assert.Equal(new ImageHeader(DiskFormat.Raw, 1UL << 20, null, null), h);
    }

    [Fact]
    public void Creating_an_overlay_never_replaces_an_existing_file()
    {
        var path = Path.Combine(_dir, "taken");
        File.WriteAllText(path, "precious");
        Assert.Throws<IOException>(() => Qcow2Overlay.Create(path, 1 << 20, "/images/base", "raw"));
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void Relative_backing_names_are_read_relative_to_the_image()
    {
        var path = Path.Combine(_dir, "top.qcow2");
        File.WriteAllBytes(path, Qcow2Overlay.Build(1 << 20, "base.img", "raw"));
        Assert.Equal(Path.Combine(_dir, "base.img"), ImageHeaderReader.Read(path).BackingFile);
    }

    [Fact]
    public void A_backing_chain_that_loops_is_an_error_not_a_hang()
    {
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        File.WriteAllBytes(a, Qcow2Overlay.Build(1 << 20, b, "qcow2"));
        File.WriteAllBytes(b, Qcow2Overlay.Build(1 << 20, a, "qcow2"));
        var e = Assert.Throws<InvalidDataException>(() => ImageHeaderReader.ReadChain(a));
        Assert.Contains("loops", e.Message);
    }
}
