using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.NodeDevices;
using Vireo.IntegrationTests.Support;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.DomainXml;

/// <summary>
/// The domain XML corpus of Vireo.Qemu.Tests (Definition/Data: documents as people, virt-install and virt-manager
/// write them) defined with Debian's virsh on a sandboxed libvirtd 9.0 and on vireod: `virsh dumpxml --inactive`
/// must print the same document from both, and the same as the libvirtd output recorded beside the input (so the
/// unit test LibvirtdDefineGoldenTests stays checked against the real libvirtd); the e*.xml cases must be refused
/// with the same exit status and message.
/// </summary>
public sealed class DomainXmlLibvirtdParityTests
{
    private static readonly string DataDir = Path.Combine(BusyboxRootfs.RepoRoot(), "tests", "Vireo.Qemu.Tests", "Definition", "Data");

    [Fact]
    public async Task Virsh_dumpxml_after_define_is_the_same_from_vireod_as_from_libvirtd()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var cases = Directory.EnumerateFiles(DataDir, "*.xml").Where(p => !p.EndsWith(".libvirtd.xml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(cases.Count >= 35, $"only {cases.Count} cases in {DataDir}");
        var differences = new List<string>();
        foreach (var input in cases)
        {
            var name = Path.GetFileNameWithoutExtension(input);
            var domain = System.Xml.Linq.XDocument.Load(input).Root!.Element("name")!.Value;
            if (name.StartsWith('e'))
            {
                var theirs = await ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, "define", input]);
                var ours = await served.VirshAsync("define", input);
                if ((theirs.ExitCode, theirs.Stderr) != (ours.ExitCode, ours.Stderr))
                    differences.Add($"{name}: define\n--- libvirtd: {theirs}\n--- vireod: {ours}");
                var recorded = File.ReadAllText(Path.ChangeExtension(input, ".libvirtd.err"));
                if (!theirs.Stderr.Contains("error: " + recorded, StringComparison.Ordinal))
                    differences.Add($"{name}: libvirtd no longer prints the recorded error {recorded.Trim()}: {theirs.Stderr}");
                continue;
            }
            var theirXml = await DefineAndDumpAsync(input, domain, args => ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]));
            var ourXml = await DefineAndDumpAsync(input, domain, args => served.VirshAsync(args));
            if (theirXml != ourXml)
                differences.Add($"{name}: dumpxml --inactive\n--- libvirtd:\n{theirXml}\n--- vireod:\n{ourXml}");
            if (theirXml != File.ReadAllText(Path.ChangeExtension(input, ".libvirtd.xml")))
                differences.Add($"{name}: libvirtd's output is no longer the recorded {name}.libvirtd.xml (re-record with record-libvirtd.sh):\n{theirXml}");
        }
        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
    }

    /// <summary>libvirt gives a device added to the configuration its address and the controller it needs, as on define.</summary>
    [Fact]
    public async Task Devices_attached_to_the_configuration_get_the_same_addresses_and_controllers()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var input = Path.Combine(DataDir, "02-virt-install-i440fx.xml");
        var nic = served.WriteFile("nic.xml", "<interface type='user'><mac address='52:54:00:dd:00:01'/><model type='virtio'/></interface>");
        var disk = served.WriteFile("disk.xml", "<disk type='file' device='disk'><source file='/tmp/attached.img'/><target dev='sdb' bus='scsi'/></disk>");
        async Task<string> AttachAndDump(Func<string[], Task<ProgramResult>> virsh)
        {
            Assert.Equal(0, (await virsh(["define", input])).ExitCode);
            foreach (var device in new[] { nic, disk })
            {
                var attach = await virsh(["attach-device", "xp-vi-pc", device, "--config"]);
                Assert.True(attach.ExitCode == 0, attach.ToString());
            }
            var dump = await virsh(["dumpxml", "--inactive", "xp-vi-pc"]);
            await virsh(["undefine", "xp-vi-pc"]);
            return dump.Stdout;
        }
        var theirs = await AttachAndDump(args => ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]));
        var ours = await AttachAndDump(args => served.VirshAsync(args));
        Assert.Contains("<controller type='scsi' index='0' model='lsilogic'>", theirs, StringComparison.Ordinal);
        Assert.Equal(theirs, ours);
    }

    /// <summary>Defines, dumps the inactive XML (as virsh prints it) and undefines again.</summary>
    private static async Task<string> DefineAndDumpAsync(string input, string domain, Func<string[], Task<ProgramResult>> virsh)
    {
        var define = await virsh(["define", input]);
        Assert.True(define.ExitCode == 0, $"define {input}: {define}");
        var dump = await virsh(["dumpxml", "--inactive", domain]);
        var undefine = await virsh(["undefine", "--nvram", domain]);
        Assert.True(dump.ExitCode == 0 && undefine.ExitCode == 0, $"{domain}: {dump} {undefine}");
        return dump.Stdout;
    }
}
