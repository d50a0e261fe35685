using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Dump;

/// <summary>
/// virsh dump against vireod with a real TCG guest and Debian's virsh (and python-libvirt): what is written is
/// a real core of the guest's memory (readelf reads it, a string the guest holds in RAM is in it; crash's kdump
/// header; QEMU's migration stream without --memory-only), the guest is paused for the dump and runs on after
/// it, --reset reboots it, --crash shuts it off, and a dump that fails leaves no file and the guest as it was.
/// </summary>
public sealed class CoreDumpTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_memory_only_dump_is_an_elf_core_of_the_guests_memory_and_the_guest_runs_on()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmpelf");
        using var events = new EventLog(served.Driver.Events, name);
        var marker = "VIREO-DUMP-" + Guid.NewGuid().ToString("N")[..12];
        await using (var console = await served.ReadyConsoleAsync(name))
            await console.RunAsync($"echo {marker} > /tmp/in-ram"); // the guest's root file system lives in its RAM

        var core = Path.Combine(served.RootPath, "guest.core");
        Assert.Equal($"\nDomain '{name}' dumped to {core}\n\n", await served.VirshOkAsync("dump", name, core, "--memory-only"));

        Assert.Contains("ELF 64-bit LSB core file, x86-64", (await ProcessRunner.OkAsync("file", [core])), StringComparison.Ordinal);
        var header = await ProcessRunner.OkAsync("readelf", ["-h", core]);
        Assert.Matches(@"Type:\s+CORE \(Core file\)", header);
        Assert.Contains("NT_PRSTATUS", await ProcessRunner.OkAsync("readelf", ["-n", core]), StringComparison.Ordinal); // the vCPU's registers
        Assert.Equal(0, (await ProcessRunner.RunAsync("grep", ["-q", "-a", "-F", marker, core])).ExitCode);
        Assert.Equal("-rw-------", (await ProcessRunner.OkAsync("stat", ["-c", "%A", core])).Trim());
        Assert.Single(Directory.EnumerateFiles(served.RootPath, "*guest.core*")); // no temporary file left beside it

        // Paused for the dump (libvirt's "Suspended Paused"), then running again.
        await events.WaitForLifecycleAsync(LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused, EventTimeout);
        Assert.Equal([(LifecycleEventType.Suspended, (int)SuspendedDetail.Paused), (LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused)], events.Lifecycle);
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal(marker + "\n", await console.RunAsync("cat /tmp/in-ram"));
        // libvirt keeps no statistics of a memory-only dump.
        Assert.StartsWith("Job type:         None", await served.VirshOkAsync("domjobinfo", name, "--completed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kdump_zlib_is_written_and_formats_this_qemu_lacks_are_refused_without_a_file_or_a_pause()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmpkd");
        await using (await served.ReadyConsoleAsync(name)) { }
        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, "dumps")).FullName;

        var zlib = Path.Combine(dir, "guest.kdump");
        await served.VirshOkAsync("dump", name, zlib, "--memory-only", "--format", "kdump-zlib");
        // QEMU writes kdump into a descriptor in makedumpfile's flattened format, which crash reads after makedumpfile -R.
        Assert.Equal("makedumpfile"u8.ToArray(), File.ReadAllBytes(zlib)[..12]);

        using var events = new EventLog(served.Driver.Events, name);
        var lzo = Path.Combine(dir, "guest.lzo");
        Assert.Equal($"error: Failed to core dump domain '{name}' to {lzo}\nerror: invalid argument: unsupported dumpformat 'kdump-lzo' for this QEMU binary",
            (await served.VirshFailsAsync("dump", name, lzo, "--memory-only", "--format", "kdump-lzo")).Trim());
        Assert.Equal([zlib], Directory.GetFileSystemEntries(dir));
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Empty(events.Lifecycle);

        // python-libvirt's coreDumpWithFormat (DOMAIN_CORE_DUMP_WITH_FORMAT), live.
        var py = Path.Combine(dir, "py.kdump");
        await served.PythonAsync(name, $"d.coreDumpWithFormat('{py}', libvirt.VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, libvirt.VIR_DUMP_MEMORY_ONLY | libvirt.VIR_DUMP_LIVE)");
        Assert.Equal("makedumpfile"u8.ToArray(), File.ReadAllBytes(py)[..12]);
    }

    [Fact]
    public async Task A_dump_qemu_fails_leaves_no_file_and_a_paused_guest_paused()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmpfail");
        await using (await served.ReadyConsoleAsync(name)) { }
        await served.VirshOkAsync("suspend", name);

        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, "dumps")).FullName;
        var win = Path.Combine(dir, "guest.dmp");
        // QEMU starts a win-dmp dump of a Linux guest and fails it (no Windows crash data); libvirt's words for its DUMP_COMPLETED error.
        Assert.Equal($"error: Failed to core dump domain '{name}' to {win}\nerror: operation failed: memory-only dump failed: win-dump: invalid vmcoreinfo note size",
            (await served.VirshFailsAsync("dump", name, win, "--memory-only", "--format", "win-dmp")).Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        Assert.Equal("paused (user)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());

        // A paused guest's dump keeps it paused.
        var elf = Path.Combine(dir, "guest.core");
        await served.VirshOkAsync("dump", name, elf, "--memory-only");
        Assert.Equal("paused (user)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await served.VirshOkAsync("resume", name);

        await served.VirshOkAsync("destroy", name);
        Assert.Equal($"error: Failed to core dump domain '{name}' to {elf}\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("dump", name, elf, "--memory-only")).Trim());
    }

    [Fact]
    public async Task A_full_dump_is_qemus_migration_stream_and_its_statistics_are_the_completed_dump_job()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmpfull");
        await using (await served.ReadyConsoleAsync(name)) { }
        using var events = new EventLog(served.Driver.Events, name);

        var core = Path.Combine(served.RootPath, "guest.core");
        await served.VirshOkAsync("dump", name, core, "--live");
        Assert.Equal("QEVM"u8.ToArray(), File.ReadAllBytes(core)[..4]); // QEMU's migration stream, as libvirt writes it

        var completed = await served.VirshOkAsync("domjobinfo", name, "--completed");
        Assert.StartsWith("Job type:         Completed   \nOperation:        Dump        \n", completed, StringComparison.Ordinal);
        Assert.Contains("Memory total:", completed, StringComparison.Ordinal);
        var job = await events.WaitForAsync(e => e is JobCompletedEvent, EventTimeout, "JOB_COMPLETED");
        Assert.Equal(TypedParameter.Int("operation", 8), ((JobCompletedEvent)job).Params[0]); // VIR_DOMAIN_JOB_OPERATION_DUMP
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal("ok\n", await console.RunAsync("echo ok"));

        Assert.Equal("error: --format only works with --memory-only", (await served.VirshFailsAsync("dump", name, core, "--format", "kdump-zlib")).Trim());
        Assert.Contains("kdump-compressed format is only supported with memory-only dump",
            (await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $"import libvirt\nd = libvirt.open('{served.Uri}').lookupByName('{name}')\nd.coreDumpWithFormat('{core}.x', 1, 0)"])).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_reboots_the_guest_after_its_dump_and_crash_shuts_it_off()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("dmprst");
        var id = (await served.VirshOkAsync("domid", name)).Trim();
        await using var console = await served.ReadyConsoleAsync(name);
        var before = console.Length;

        await served.VirshOkAsync("dump", name, Path.Combine(served.RootPath, "reset.core"), "--memory-only", "--reset");
        await console.WaitForAsync("SeaBIOS (version", before, ConsoleReader.BootTimeout); // the guest boots again
        await console.WaitUntilReadyAsync(before);
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal(id, (await served.VirshOkAsync("domid", name)).Trim());

        using var events = new EventLog(served.Driver.Events, name);
        var crash = Path.Combine(served.RootPath, "crash.core");
        await served.VirshOkAsync("dump", name, crash, "--memory-only", "--crash");
        Assert.True(new FileInfo(crash).Length > 0);
        Assert.Equal("shut off (crashed)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Crashed, EventTimeout);
    }
}
