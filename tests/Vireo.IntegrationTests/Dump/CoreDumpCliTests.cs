using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Dump;

/// <summary>
/// vireo dump against vireod with a real TCG guest: what vireo writes is what virsh's dump writes (an ELF core with
/// the guest's registers, crash's kdump, QEMU's migration stream), vireo prints what Debian's virsh prints for the
/// same dump, and every refusal (virsh's own option checks, the daemon's, read-only, a guest not running) is
/// byte for byte the same from both, with no file left behind.
/// </summary>
public sealed class CoreDumpCliTests
{
    [Fact]
    public async Task Vireo_dumps_as_virsh_does_and_refuses_what_virsh_refuses()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmpcli");
        await using (await served.ReadyConsoleAsync(name)) { }
        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, "dumps")).FullName;
        string File(string file) => Path.Combine(dir, file);

        // The same dump by both: the same lines, and an ELF core each.
        var virsh = await served.VirshOkAsync("dump", name, File("virsh.core"), "--memory-only");
        Assert.Equal($"\nDomain '{name}' dumped to {File("virsh.core")}\n\n", virsh);
        Assert.Equal(virsh.Replace("virsh.core", "vireo.core", StringComparison.Ordinal), await served.VireoOkAsync("dump", name, File("vireo.core"), "--memory-only"));
        Assert.Matches(@"Type:\s+CORE \(Core file\)", await ProcessRunner.OkAsync("readelf", ["-h", File("vireo.core")]));
        Assert.Contains("NT_PRSTATUS", await ProcessRunner.OkAsync("readelf", ["-n", File("vireo.core")]), StringComparison.Ordinal);
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim()); // paused for it, running again

        // --format (DOMAIN_CORE_DUMP_WITH_FORMAT), and a full dump (QEMU's migration stream) of the running guest.
        await served.VireoOkAsync("dump", name, File("vireo.kdump"), "--memory-only", "--format", "kdump-zlib");
        Assert.Equal("makedumpfile"u8.ToArray(), System.IO.File.ReadAllBytes(File("vireo.kdump"))[..12]);
        Assert.Equal($"\nDomain '{name}' dumped to {File("full.core")}\n\n", await served.VireoOkAsync("dump", name, File("full.core"), "--live", "--bypass-cache"));
        Assert.Equal("QEVM"u8.ToArray(), System.IO.File.ReadAllBytes(File("full.core"))[..4]);
        Assert.StartsWith("Job type:         Completed   \nOperation:        Dump        \n", await served.VireoOkAsync("domjobinfo", name, "--completed"), StringComparison.Ordinal);

        // Refusals, each the same from both and none leaving a file.
        var before = Directory.GetFileSystemEntries(dir).Order().ToList();
        string[][] refused =
        [
            ["dump", name, File("x"), "--format", "kdump-zlib"], ["dump", name, File("x"), "--memory-only", "--format", "zip"],
            ["dump", name, File("x"), "--memory-only", "--format", "kdump-lzo"], ["dump", name, File("x"), "--live", "--crash"],
            ["dump", name, File("x"), "--crash", "--reset"], ["dump", name, File("x"), "--live", "--reset"], ["dump", name, Path.Combine(dir, "no", "such", "x")],
            ["dump", name], ["dump", name, ""], ["dump", "nodomain", File("x")],
        ];
        foreach (var args in refused) Assert.Equal(1, (await served.SameFromBothAsync(args)).ExitCode);
        Assert.Equal($"error: Failed to core dump domain '{name}' to {File("x")}\nerror: invalid argument: unsupported dumpformat 'kdump-lzo' for this QEMU binary\n",
            (await served.SameFromBothAsync("dump", name, File("x"), "--memory-only", "--format", "kdump-lzo")).Stderr);
        var ro = await served.ListenReadOnlyAsync();
        Assert.Equal($"error: Failed to core dump domain '{name}' to {File("x")}\nerror: operation forbidden: read only access prevents virDomainCoreDump\n",
            (await served.SameFromBothOnAsync(ro, "dump", name, File("x"), "--memory-only")).Stderr);
        Assert.Equal($"error: Failed to core dump domain '{name}' to {File("x")}\nerror: operation forbidden: read only access prevents virDomainCoreDumpWithFormat\n",
            (await served.SameFromBothOnAsync(ro, "dump", name, File("x"), "--memory-only", "--format", "kdump-zlib")).Stderr);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir).Order().ToList());

        // --crash stops the guest after its dump; then a dump is refused as virsh shows it.
        await served.VireoOkAsync("dump", name, File("crash.core"), "--memory-only", "--crash");
        Assert.True(new FileInfo(File("crash.core")).Length > 0);
        Assert.Equal("shut off (crashed)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal($"error: Failed to core dump domain '{name}' to {File("x")}\nerror: Requested operation is not valid: domain is not running\n",
            (await served.SameFromBothAsync("dump", name, File("x"), "--memory-only")).Stderr);
    }
}
