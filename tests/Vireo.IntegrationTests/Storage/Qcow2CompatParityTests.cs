using System.Text.Json;
using Vireo.IntegrationTests.NodeDevices;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// The qcow2 version of a new volume, from the same volume XML sent by virsh to vireod and to a sandboxed
/// libvirtd 9.0: the image each daemon makes (qemu-img's compat level and lazy refcounts) and each refusal
/// must be the same. libvirt makes compat 0.10 unless asked, 1.1 when &lt;features&gt; is given.
/// </summary>
public sealed class Qcow2CompatParityTests
{
    private static readonly (string Name, string Format, string Target)[] Cases =
    [
        ("plain", "qcow2", ""),
        ("v3", "qcow2", "<compat>1.1</compat>"),
        ("v2", "qcow2", "<compat>0.10</compat>"),
        ("empty", "qcow2", "<compat></compat>"),
        ("lazy", "qcow2", "<features><lazy_refcounts/></features>"),
        ("nofeatures", "qcow2", "<features/>"),
        ("v3lazy", "qcow2", "<compat>1.1</compat><features><lazy_refcounts/></features>"),
        ("v2lazy", "qcow2", "<compat>0.10</compat><features><lazy_refcounts/></features>"),
        ("digits", "qcow2", "<compat>2</compat>"),
        ("word", "qcow2", "<compat>abc</compat>"),
        ("unknown", "qcow2", "<features><foo/></features>"),
        ("raw", "raw", "<compat>1.1</compat>"),
    ];

    [Fact]
    public async Task Vol_create_makes_the_same_qcow2_version_and_refuses_the_same_xml_as_libvirtd()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var fromLibvirtd = await CreateAllAsync(libvirtd.Uri, Path.Combine(served.RootPath, "lv"), served);
        var fromVireod = await CreateAllAsync(served.Uri, Path.Combine(served.RootPath, "vireo"), served);
        Assert.Equal(fromLibvirtd, fromVireod);
        // The cases cover both versions and both refusals, so the comparison is not of two empty lists.
        Assert.Contains("plain: compat 0.10, lazy False", fromVireod);
        Assert.Contains("lazy: compat 1.1, lazy True", fromVireod);
        Assert.Contains("v2lazy: error: unsupported configuration: lazy_refcounts not supported with compat level 0.10", fromVireod);
        Assert.Contains("word: error: XML error: forbidden characters in 'compat' attribute", fromVireod);
    }

    /// <summary>One line per case: the image's version, or virsh's last error line.</summary>
    private static async Task<List<string>> CreateAllAsync(string uri, string dir, ServedEngine files)
    {
        var pool = DemoKit.UniqueName("cp");
        await Virsh(uri, "pool-create-as", pool, "dir", "--target", dir, "--build");
        var lines = new List<string>();
        foreach (var (name, format, target) in Cases)
        {
            var xml = files.WriteFile($"{name}.xml",
                $"<volume><name>{name}</name><capacity>1048576</capacity><target><format type='{format}'/>{target}</target></volume>");
            var r = await ProcessRunner.RunAsync("virsh", ["-c", uri, "vol-create", pool, xml]);
            if (r.ExitCode != 0)
            {
                lines.Add($"{name}: {r.Stderr.Trim().Split('\n')[^1]}");
                continue;
            }
            using var info = JsonDocument.Parse(await ProcessRunner.OkAsync("qemu-img", "info", "--output=json", Path.Combine(dir, name)));
            lines.Add(info.RootElement.TryGetProperty("format-specific", out var specific) && specific.GetProperty("type").GetString() == "qcow2"
                ? $"{name}: compat {specific.GetProperty("data").GetProperty("compat").GetString()}, lazy {specific.GetProperty("data").TryGetProperty("lazy-refcounts", out var lazy) && lazy.GetBoolean()}"
                : $"{name}: {info.RootElement.GetProperty("format").GetString()}");
        }
        await Virsh(uri, "pool-destroy", pool);
        return lines;
    }

    private static async Task Virsh(string uri, params string[] args)
    {
        var r = await ProcessRunner.RunAsync("virsh", ["-c", uri, .. args]);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
    }
}
