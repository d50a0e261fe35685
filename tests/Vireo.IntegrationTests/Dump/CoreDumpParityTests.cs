using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Dump;

/// <summary>
/// virsh dump against a sandboxed libvirtd 9.0 and vireod, each running the demo TCG guest under the same name,
/// the files going to the same directory: exit status, stdout and stderr must agree for a memory-only dump, the
/// formats Debian's QEMU lacks, a dump QEMU fails, the state after each, and a dump of a shut-off domain.
/// </summary>
public sealed class CoreDumpParityTests
{
    [Fact]
    public async Task Dump_answers_as_libvirtd_does()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("dpar");
        var xmlFile = Path.Combine(libvirtd.Dir, "guest.xml");
        await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(name), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", xmlFile]);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "start", name]);
        await served.DefineAndStartAsync(name);
        await using (await served.ReadyConsoleAsync(name)) { }

        using var dir = new TempRoot();
        var core = Path.Combine(dir.Path, "guest.core");
        Task Same(params string[] args) => libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, args);

        await Same("dump", name, core, "--memory-only", "--format", "kdump-lzo");
        await Same("dump", name, core, "--memory-only", "--format", "kdump-snappy");
        await Same("dump", name, core, "--memory-only", "--format", "win-dmp");
        await Same("dump", name, core, "--live", "--crash");
        await Same("dump", name, core, "--format", "kdump-zlib");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path)); // neither left a file behind
        await Same("domstate", name, "--reason");
        await Same("dump", name, core, "--memory-only");
        await Same("domstate", name, "--reason");
        await Same("domjobinfo", name);
        await Same("destroy", name);
        await Same("dump", name, core, "--memory-only");
    }
}
