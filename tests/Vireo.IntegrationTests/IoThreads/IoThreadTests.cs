using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Processes;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.IoThreads;

/// <summary>
/// IOThreads against vireod with a real TCG guest, driven by Debian's virsh, python-libvirt and vireo: the command
/// line QEMU really runs, iothreadinfo from QEMU's own threads and their kernel affinity, iothreadadd/iothreaddel
/// as QEMU objects, iothreadpin as the thread's affinity, --config on the saved definition, and libvirtd 9.0's
/// sentences for each refusal (measured on this machine with a sandboxed libvirtd).
/// </summary>
public sealed class IoThreadTests
{
    private static int Cpus => Environment.ProcessorCount;

    private static string Last => Cpus > 1 ? $"{Cpus - 1}" : "0";

    private static string All => Cpus > 1 ? $"0-{Cpus - 1}" : "0";

    [Fact]
    public async Task IoThreads_are_listed_added_pinned_and_deleted_live_and_in_the_saved_definition()
    {
        await using var served = await ServedEngine.StartAsync();
        var image = Path.Combine(served.RootPath, "io.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = DemoKit.UniqueName("io");
        await served.VirshDefineAsync(name, xml => xml
            .Replace("<vcpu>1</vcpu>", $"<vcpu>1</vcpu><iothreads>2</iothreads><iothreadids><iothread id='5'/></iothreadids><cputune><iothreadpin iothread='5' cpuset='{Last}'/></cputune>", StringComparison.Ordinal)
            .Replace("<serial type='pty'>", $"<disk type='file' device='disk'><driver name='qemu' type='qcow2' iothread='5'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk><serial type='pty'>", StringComparison.Ordinal));
        Assert.Contains("<iothreadids>\n    <iothread id='5'/>\n    <iothread id='1'/>\n  </iothreadids>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);
        Assert.Equal(Table(("5", Last), ("1", All)), await served.VirshOkAsync("iothreadinfo", name));
        await served.VirshOkAsync("start", name);

        var argv = served.QemuArgv(name);
        Assert.Contains("iothread,id=iothread5", argv);
        Assert.Contains("iothread,id=iothread1", argv);
        Assert.Contains(argv, a => a.StartsWith("virtio-blk-pci,iothread=iothread5,", StringComparison.Ordinal));
        Assert.Equal([Last == "0" ? 0 : Cpus - 1], ThreadAffinity.Get(await ThreadOf(served, name, 5))); // <iothreadpin> applied at start

        var live = await served.VirshOkAsync("iothreadinfo", name);
        Assert.Equal(Rows(("5", Last), ("1", All)), Rows(live));
        Assert.Equal(live, await served.VireoOkAsync("iothreadinfo", name));

        Assert.Equal("\n", await served.VirshOkAsync("iothreadadd", name, "3"));
        Assert.Contains("iothread3", await QueryIds(served, name));
        Assert.Equal(Rows(("3", All), ("5", Last), ("1", All)), Rows(await served.VirshOkAsync("iothreadinfo", name)));
        await served.VirshOkAsync("iothreadpin", name, "3", "0");
        Assert.Equal([0], ThreadAffinity.Get(await ThreadOf(served, name, 3)));
        Assert.Contains(("3", "0"), Rows(await served.VireoOkAsync("iothreadinfo", name)));

        Assert.Equal("error: invalid argument: an IOThread is already using iothread_id '3'", (await served.VirshFailsAsync("iothreadadd", name, "3")).Trim());
        Assert.Equal("error: invalid argument: cannot remove IOThread 5 since it is being used by disk 'vda'", (await served.VirshFailsAsync("iothreaddel", name, "5")).Trim());
        Assert.Equal("error: invalid argument: cannot find IOThread '9' in iothreadids list", (await served.VirshFailsAsync("iothreaddel", name, "9")).Trim());
        Assert.Equal("error: invalid argument: iothread 9 not found", (await served.VirshFailsAsync("iothreadpin", name, "9", "0")).Trim());
        Assert.Contains("iothread5", await QueryIds(served, name)); // the refused delete left QEMU's thread in place

        Assert.Equal("\n", await served.VirshOkAsync("iothreaddel", name, "3"));
        Assert.DoesNotContain("iothread3", await QueryIds(served, name));
        var liveXml = await served.VirshOkAsync("dumpxml", name);
        Assert.Contains("<iothreads>2</iothreads>", liveXml, StringComparison.Ordinal);
        Assert.DoesNotContain("iothread id='3'", liveXml, StringComparison.Ordinal);

        // --config changes only the saved definition; the running QEMU keeps its threads.
        await served.VirshOkAsync("iothreadadd", name, "8", "--config");
        await served.VirshOkAsync("iothreadpin", name, "8", "0", "--config");
        Assert.Contains(("8", "0"), Rows(await served.VirshOkAsync("iothreadinfo", name, "--config")));
        var saved = await served.VirshOkAsync("dumpxml", name, "--inactive");
        Assert.Contains("<iothreads>3</iothreads>\n  <iothreadids>\n    <iothread id='5'/>\n    <iothread id='1'/>\n    <iothread id='8'/>\n  </iothreadids>", saved, StringComparison.Ordinal);
        Assert.Contains("<iothreadpin iothread='8' cpuset='0'/>", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("iothread8", await QueryIds(served, name));
        Assert.Equal("error: invalid argument: cannot remove IOThread 5 since it is being used by disk 'vda'", (await served.VirshFailsAsync("iothreaddel", name, "5", "--config")).Trim());

        // python-libvirt: the same procedures through libvirt's own client library.
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{served.Uri}}').lookupByName('{{name}}')
            d.addIOThread(7, libvirt.VIR_DOMAIN_AFFECT_LIVE)
            d.pinIOThread(7, (True,) + (False,) * ({{Cpus}} - 1), libvirt.VIR_DOMAIN_AFFECT_LIVE)
            print(sorted((i, m[0]) for i, m in d.ioThreadInfo(libvirt.VIR_DOMAIN_AFFECT_LIVE)))
            d.delIOThread(7, libvirt.VIR_DOMAIN_AFFECT_LIVE)
            print(sorted(i for i, m in d.ioThreadInfo()))
            try:
                d.delIOThread(5)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, "[(1, True), (5, False), (7, True)]\n[1, 5]\n8 invalid argument: cannot remove IOThread 5 since it is being used by disk 'vda'\n"),
            (python.ExitCode, python.Stdout));

        // vireo: the same commands and checks as virsh.
        Assert.Equal("\n", await served.VireoOkAsync("iothreadadd", name, "4"));
        Assert.Contains("iothread4", await QueryIds(served, name));
        await served.VireoOkAsync("iothreaddel", name, "4");
        Assert.DoesNotContain("iothread4", await QueryIds(served, name));
        var zero = await served.VireoAsync("iothreadadd", name, "0");
        Assert.Equal((1, "error: Invalid IOThread id value: '0'"), (zero.ExitCode, zero.Stderr.Trim()));
        Assert.Equal("error: Invalid IOThread id value: '0'", (await served.VirshFailsAsync("iothreadadd", name, "0")).Trim());
        // Ids that are not numbers, or out of range, get virsh's sentence naming the option; the domain is looked up first.
        await served.BothRefuseAsync("error: Numeric value 'abc' for <id> option is malformed or out of range", "iothreadadd", name, "abc");
        await served.BothRefuseAsync("error: Numeric value '99999999999' for <id> option is malformed or out of range", "iothreaddel", name, "99999999999");
        await served.BothRefuseAsync("error: Invalid IOThread id value: '-1'", "iothreaddel", name, "-1");
        await served.BothRefuseAsync("error: Numeric value '-1' for <iothread> option is malformed or out of range", "iothreadpin", name, "-1", "0");
        await served.BothRefuseAsync("error: Numeric value '0x10' for <iothread> option is malformed or out of range", "iothreadpin", name, "0x10", "0");
        await served.BothRefuseAsync("error: failed to get domain 'nosuch'", "iothreadadd", "nosuch", "0");
        var used = await served.VireoAsync("iothreaddel", name, "5");
        Assert.Equal((1, "error: invalid argument: cannot remove IOThread 5 since it is being used by disk 'vda'"), (used.ExitCode, used.Stderr.Trim()));
    }

    [Fact]
    public async Task A_domain_without_IoThreads_says_so_and_a_live_change_of_a_shut_off_domain_is_refused()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("noio");
        Assert.Equal("No IOThreads found for the domain\n", await served.VirshOkAsync("iothreadinfo", name));
        Assert.Equal("No IOThreads found for the domain\n", await served.VireoOkAsync("iothreadinfo", name));
        // libvirtd 9.0's words.
        Assert.Equal("error: Requested operation is not valid: domain is not running", (await served.VirshFailsAsync("iothreadadd", name, "1", "--live")).Trim());
        Assert.Equal("error: invalid argument: cannot find IOThread '1' in iothreadids list", (await served.VirshFailsAsync("iothreaddel", name, "1")).Trim());
        await served.VirshOkAsync("iothreadadd", name, "2");
        Assert.Equal(Table(("2", All)), await served.VirshOkAsync("iothreadinfo", name));
    }

    private static string Table(params (string Id, string Cpus)[] rows) =>
        " IOThread ID   CPU Affinity\n-----------------------------\n" + string.Concat(rows.Select(r => $" {r.Id,-13} {r.Cpus}\n")) + "\n";

    private static HashSet<(string, string)> Rows(params (string Id, string Cpus)[] rows) => rows.ToHashSet();

    /// <summary>The table's rows, without their order (QEMU lists its IOThreads in the order of its object tree).</summary>
    private static HashSet<(string, string)> Rows(string table) => table.Split('\n').Skip(2)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 2).Select(p => (p[0], p[1])).ToHashSet();

    private static async Task<List<string>> QueryIds(ServedEngine served, string name) =>
        ((await served.QmpAsync(name, new QmpCommand("query-iothreads"))) as JsonArray ?? []).Select(t => t!["id"]!.GetValue<string>()).ToList();

    private static async Task<int> ThreadOf(ServedEngine served, string name, int id) =>
        ((await served.QmpAsync(name, new QmpCommand("query-iothreads"))) as JsonArray ?? [])
            .Single(t => t!["id"]!.GetValue<string>() == $"iothread{id}")!["thread-id"]!.GetValue<int>();
}
