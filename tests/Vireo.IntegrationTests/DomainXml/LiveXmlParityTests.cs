using System.Xml.Linq;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Parity;
using Vireo.IntegrationTests.Support;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.DomainXml;

/// <summary>
/// The guests of Vireo.Qemu.Tests' Definition/LiveData (an i440fx and a Q35 guest with virtio, SATA and IDE disks, a
/// user alias on a disk and a NIC, serial console, agent channel, USB tablet, VNC, watchdog, RNG, balloon) started
/// with Debian's virsh on a sandboxed libvirtd 9.0 and on vireod: `virsh dumpxml` of the running guests gives every
/// device the same alias, the domain its id, and detach-device-alias refuses the same way on both. Only the
/// aliases and the refusals are compared here: the other live-only parts still differ (docs/xml-support.md).
/// </summary>
public sealed class LiveXmlParityTests
{
    private static readonly string LiveDir = Path.Combine(BusyboxRootfs.RepoRoot(), "tests", "Vireo.Qemu.Tests", "Definition", "LiveData");

    [Fact]
    public async Task Running_guests_have_the_same_aliases_and_detach_device_alias_refuses_alike()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var sides = new[]
        {
            new ParitySide("libvirtd", libvirtd.Uri, libvirtd.ReadOnlyUri, libvirtd.Dir),
            new ParitySide("vireod", served.Uri, served.Uri, served.RootPath),
        };
        var cases = new[] { ("live-i440fx", "g1"), ("live-q35", "g2") };
        var differences = new List<string>();
        try
        {
            foreach (var side in sides)
                foreach (var (file, _) in cases)
                    await DefineAndStartAsync(side, file);
            foreach (var (file, name) in cases)
            {
                var theirs = await DumpAsync(sides[0], name);
                var ours = await DumpAsync(sides[1], name);
                var (theirAliases, ourAliases) = (Aliases(theirs), Aliases(ours));
                if (!theirAliases.SequenceEqual(ourAliases))
                    differences.Add($"{file}: aliases\n--- libvirtd:\n{string.Join("\n", theirAliases)}\n--- vireod:\n{string.Join("\n", ourAliases)}");
                Assert.Contains("<alias name='virtio-disk0'/>", ours);
                Assert.Matches("^<domain type='qemu' id='[0-9]+'>", ours);
                foreach (var command in new[]
                {
                    $"detach-device-alias {name} nosuch", $"detach-device-alias {name} virtio-disk0 --config",
                    $"detach-device-alias {name} net0 --live --config", $"detach-device-alias {name} video0",
                    $"detach-device-alias {name} input1", $"detach-device-alias {name} pci.0 --live",
                    $"detach-device-alias {name} ua-nosuch --current", $"detach-device-alias {name} ua-data --config",
                })
                {
                    var (a, b) = (await sides[0].VirshAsync(command.Split(' ')), await sides[1].VirshAsync(command.Split(' ')));
                    if ((a.ExitCode, a.Stdout, a.Stderr) != (b.ExitCode, b.Stdout, b.Stderr))
                        differences.Add($"virsh {command}\n--- libvirtd: {a}\n--- vireod: {b}");
                }
            }
        }
        finally
        {
            foreach (var (_, name) in cases)
                await sides[0].VirshAsync(["destroy", name]); // libvirtd leaves its QEMU running when it stops
        }
        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
    }

    /// <summary>The case's document with its images under the side's directory (made here) instead of /tmp/lx, where it was recorded.</summary>
    private static async Task DefineAndStartAsync(ParitySide side, string file)
    {
        var dir = side.Dir;
        foreach (var (image, format, backing) in new[]
        {
            ("base.qcow2", "qcow2", (string?)null), ("a.qcow2", "qcow2", null), ("a2.qcow2", "qcow2", null), ("b.img", "raw", null),
            ("b2.img", "raw", null), ("ov.qcow2", "qcow2", "base.qcow2"), ("ov2.qcow2", "qcow2", "base.qcow2"),
        })
        {
            var path = Path.Combine(dir, image);
            if (File.Exists(path)) continue;
            string[] backingArgs = backing is null ? [] : ["-b", Path.Combine(dir, backing), "-F", "qcow2"];
            await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", format, .. backingArgs, path, "64M"]);
        }
        var xml = File.ReadAllText(Path.Combine(LiveDir, file + ".xml")).Replace("/tmp/lx/", dir + "/", StringComparison.Ordinal);
        var path2 = Path.Combine(dir, file + ".xml");
        await File.WriteAllTextAsync(path2, xml);
        foreach (var step in new[] { new[] { "define", path2 }, ["start", XDocument.Parse(xml).Root!.Element("name")!.Value] })
        {
            var r = await side.VirshAsync(step);
            Assert.True(r.ExitCode == 0, $"{side.Name}: virsh {string.Join(' ', step)}: {r}");
        }
    }

    private static async Task<string> DumpAsync(ParitySide side, string name)
    {
        var r = await side.VirshAsync(["dumpxml", name]);
        Assert.True(r.ExitCode == 0, $"{side.Name}: virsh dumpxml {name}: {r}");
        return r.Stdout;
    }

    /// <summary>"disk 2=virtio-disk1": each device under &lt;devices&gt; in order with its alias.</summary>
    private static List<string> Aliases(string xml)
    {
        var seen = new Dictionary<string, int>();
        return [.. XDocument.Parse(xml).Root!.Element("devices")!.Elements().Where(e => e.Name != "emulator").Select(e =>
        {
            var n = seen[e.Name.LocalName] = seen.GetValueOrDefault(e.Name.LocalName) + 1;
            return $"{e.Name.LocalName} {n}={e.Element("alias")?.Attribute("name")?.Value ?? "(none)"}";
        })];
    }
}
