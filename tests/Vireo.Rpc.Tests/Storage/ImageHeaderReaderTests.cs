using System.Diagnostics;
using System.Text.Json;
using Vireo.Core.Domain;
using Vireo.Core.Images;
using Vireo.Core.Storage;
using Vireo.Drivers.Storage;
using Vireo.Platform.Files;

namespace Vireo.Rpc.Tests.Storage;

/// <summary>
/// The in-process header reader (what pool refresh and volume lookups use instead of qemu-img info) on real
/// images qemu-img makes in a temp directory: the expected values, and the same values qemu-img info
/// --output=json gives for each file.
/// </summary>
public sealed class ImageHeaderReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-hdr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string QemuImg(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"qemu-img {string.Join(' ', args)}: {error}");
        return output;
    }

    private string Path_(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_default_qcow2_is_version_3_with_its_size_and_cluster_size()
    {
        QemuImg("create", "-q", "-f", "qcow2", Path_("a.qcow2"), "64M");
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 64UL << 20, null, null, 65536, 3, false), ImageHeaderReader.Read(Path_("a.qcow2")));
    }

    [Fact]
    public void Version_2_lazy_refcounts_and_a_small_cluster_size_are_read()
    {
        QemuImg("create", "-q", "-f", "qcow2", "-o", "compat=0.10,cluster_size=4096", Path_("old.qcow2"), "10M");
        QemuImg("create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", Path_("lazy.qcow2"), "1G");
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 10UL << 20, null, null, 4096, 2, false), ImageHeaderReader.Read(Path_("old.qcow2")));
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 1UL << 30, null, null, 65536, 3, true), ImageHeaderReader.Read(Path_("lazy.qcow2")));
    }

    [Fact]
    public void A_backing_file_and_its_format_are_read_and_a_relative_name_is_resolved_from_the_image()
    {
        QemuImg("create", "-q", "-f", "raw", Path_("base.raw"), "8M");
        QemuImg("create", "-q", "-f", "qcow2", "-b", Path_("base.raw"), "-F", "raw", Path_("abs.qcow2"));
        QemuImg("create", "-q", "-f", "qcow2", "-b", "abs.qcow2", "-F", "qcow2", Path_("rel.qcow2"), "16M");
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 8UL << 20, Path_("base.raw"), DiskFormat.Raw, 65536, 3), ImageHeaderReader.Read(Path_("abs.qcow2")));
        Assert.Equal(new ImageHeader(DiskFormat.Qcow2, 16UL << 20, Path_("abs.qcow2"), DiskFormat.Qcow2, 65536, 3), ImageHeaderReader.Read(Path_("rel.qcow2")));
        Assert.Equal([Path_("rel.qcow2"), Path_("abs.qcow2"), Path_("base.raw")], ImageHeaderReader.ReadChain(Path_("rel.qcow2")).Select(c => c.Path));
    }

    [Fact]
    public void A_raw_file_is_raw_and_its_length_is_its_size()
    {
        QemuImg("create", "-q", "-f", "raw", Path_("d.img"), "3M");
        File.WriteAllBytes(Path_("empty.img"), []);
        Assert.Equal(new ImageHeader(DiskFormat.Raw, 3UL << 20, null, null), ImageHeaderReader.Read(Path_("d.img")));
        Assert.Equal(new ImageHeader(DiskFormat.Raw, 0, null, null), ImageHeaderReader.Read(Path_("empty.img")));
    }

    [Fact]
    public void Every_value_equals_what_qemu_img_info_says_about_the_same_file()
    {
        QemuImg("create", "-q", "-f", "raw", Path_("base.raw"), "8M");
        QemuImg("create", "-q", "-f", "qcow2", "-b", Path_("base.raw"), "-F", "raw", Path_("over.qcow2"));
        QemuImg("create", "-q", "-f", "qcow2", "-b", "over.qcow2", "-F", "qcow2", Path_("top.qcow2"), "32M");
        QemuImg("create", "-q", "-f", "qcow2", "-o", "compat=0.10,cluster_size=8192", Path_("v2.qcow2"), "5M");
        QemuImg("create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on,preallocation=metadata", Path_("lazy.qcow2"), "20M");
        QemuImg("create", "-q", "-f", "raw", Path_("plain.raw"), "1M");
        var host = new LocalStorageHost();
        foreach (var name in new[] { "base.raw", "over.qcow2", "top.qcow2", "v2.qcow2", "lazy.qcow2", "plain.raw" })
        {
            var path = Path_(name);
            using var info = JsonDocument.Parse(QemuImg("info", "-U", "--output=json", path));
            var j = info.RootElement;
            var facts = host.Probe(path)!;
            string? Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) ? v.GetString() : null;

            Assert.Equal(Str(j, "format"), StorageVolXml.FormatName(facts.Format));
            Assert.Equal(j.GetProperty("virtual-size").GetUInt64(), facts.VirtualSize);
            Assert.Equal(Str(j, "full-backing-filename"), facts.BackingPath);
            Assert.Equal(Str(j, "backing-filename-format"), facts.BackingFormat is { } bf ? StorageVolXml.FormatName(bf) : null);
            // Allocation is stat's st_blocks, which is what qemu-img's actual-size is on a local file.
            Assert.Equal(j.GetProperty("actual-size").GetInt64(), FileStatus.Of(path)!.AllocatedBytes);
            if (facts.Format == VolumeFormat.Qcow2)
            {
                Assert.Equal(j.GetProperty("cluster-size").GetUInt64(), facts.ClusterSize);
                var data = j.GetProperty("format-specific").GetProperty("data");
                var compat = data.GetProperty("compat").GetString();
                Assert.Equal(compat == "0.10" ? null : compat, facts.Qcow2Features?.Compat);
                Assert.Equal(data.TryGetProperty("lazy-refcounts", out var lazy) && lazy.GetBoolean(), facts.Qcow2Features?.LazyRefcounts ?? false);
            }
        }
    }

    [Fact]
    public void A_file_that_is_not_readable_as_an_image_probes_as_nothing_rather_than_failing_the_refresh()
    {
        var bad = Path_("bad.qcow2");
        var bytes = new byte[512];
        bytes[0] = 0x51; bytes[1] = 0x46; bytes[2] = 0x49; bytes[3] = 0xfb; bytes[7] = 9; // the qcow2 magic, version 9
        File.WriteAllBytes(bad, bytes);
        Assert.Throws<InvalidDataException>(() => ImageHeaderReader.Read(bad));
        Assert.Null(new LocalStorageHost().Probe(bad));
        Assert.Null(new LocalStorageHost().Probe(Path_("missing")));
    }
}
