using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// freepages / allocpages against vireod on this one-node host: virsh, vireo and python-libvirt read the
/// same pools libvirtd 9.0 reads; an allocation is seen in /sys and the host's pool size is put back.
/// </summary>
public sealed class FreePagesTests
{
    private const string Pool2M = "/sys/devices/system/node/node0/hugepages/hugepages-2048kB";

    private static string Read(string file) => File.ReadAllText(Path.Combine(Pool2M, file)).Trim();

    /// <summary>One "SIZEKiB: N" line per huge page pool of node 0, smallest first, as a regex: the 2 MiB
    /// pool's free count is exact, the others' are any number.</summary>
    private static string HugePageLines(string free2M) => string.Concat(
        Directory.GetDirectories(Path.GetDirectoryName(Pool2M)!, "hugepages-*kB")
            .Select(d => long.Parse(Path.GetFileName(d)["hugepages-".Length..^"kB".Length]))
            .Order()
            .Select(kib => $"{kib}KiB: {(kib == 2048 ? free2M : "\\d+")}\n"));

    [Fact]
    public async Task Freepages_reads_node0_pools_and_refuses_as_libvirtd_does()
    {
        Assert.SkipUnless(Directory.Exists(Pool2M), "this host has no 2 MiB huge page pool on node 0");
        await using var served = await ServedEngine.StartAsync();
        var free2M = Read("free_hugepages");
        var (virsh, vireo) = await served.BothOkAsync("freepages", "--cellno", "0", "--pagesize", "2M");
        Assert.Equal(($"2048KiB: {free2M}\n\n", $"2048KiB: {free2M}\n\n"), (virsh, vireo));

        // 4 KiB pages are meminfo's MemFree, which moves: check the layout, not the number. The huge page
        // sizes are the pools node 0 has in /sys (a 1 GiB pool exists on some hosts, not on others).
        var layout = $"^Node 0:\n4KiB: \\d+\n{HugePageLines(free2M)}\n\n$";
        Assert.Matches(layout, await served.VirshOkAsync("freepages", "--all"));
        Assert.Matches(layout, await served.VireoOkAsync("freepages", "--all"));

        foreach (var (args, message) in new[]
        {
            (new[] { "freepages" }, "error: missing cellno argument"),
            (new[] { "freepages", "--cellno", "0" }, "error: missing pagesize argument"),
            (new[] { "freepages", "--cellno", "3", "--pagesize", "4" }, "error: internal error: start cell 3 out of range (0-0)"),
            (new[] { "freepages", "--cellno", "0", "--pagesize", "3" }, "error: operation failed: page size 3 is not available on node 0"),
            (new[] { "freepages", "--all", "--cellno", "0" }, "error: Options --all and --cellno are mutually exclusive"),
            (new[] { "allocpages", "4", "1" }, "error: Operation not supported: system pages pool can't be modified"),
        })
        {
            Assert.Equal(message, (await served.VirshFailsAsync(args)).Trim());
            var fromVireo = await served.VireoAsync(args);
            Assert.Equal((1, message), (fromVireo.ExitCode, fromVireo.Stderr.Trim()));
        }

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            c = libvirt.open('{{served.Uri}}')
            print(c.getFreePages([2048], 0, 1, 0))
            print(list(c.getFreePages([4, 2048], -1, 1, 0)))
            for call in (lambda: c.getFreePages([4], 0, 1, 1), lambda: c.allocPages({2048: 0}, 0, 1, 16), lambda: c.allocPages({2048: 0}, 5, 1, 0)):
                try:
                    call()
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """]);
        Assert.Equal((0, $"{{0: {{2048: {free2M}}}}}\n[-1]\n" +
            "8 10 unsupported flags (0x1) in function qemuNodeGetFreePages\n" +
            "8 10 unsupported flags (0x10) in function qemuNodeAllocPages\n" +
            "1 0 internal error: start cell 5 out of range (0-0)"), (python.ExitCode, python.Stdout.Trim()));
    }

    [Fact]
    public async Task Allocpages_sets_and_adds_to_the_node0_pool_and_the_host_count_is_restored()
    {
        Assert.SkipUnless(Directory.Exists(Pool2M), "this host has no 2 MiB huge page pool on node 0");
        await using var served = await ServedEngine.StartAsync();
        var original = Read("nr_hugepages");
        var target = ulong.Parse(original, System.Globalization.CultureInfo.InvariantCulture) + 1;
        try
        {
            Assert.Equal("\n", await served.VirshOkAsync("allocpages", "2M", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cellno", "0"));
            Assert.Equal($"{target}", Read("nr_hugepages"));
            Assert.Equal("\n", await served.VireoOkAsync("allocpages", "--pagesize", "2048", "--pagecount", "1", "--cellno", "0", "--add"));
            Assert.Equal($"{target + 1}", Read("nr_hugepages"));
            Assert.Equal($"2048KiB: {Read("free_hugepages")}\n\n", await served.VireoOkAsync("freepages", "0", "2048"));

            var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
                import libvirt
                c = libvirt.open('{{served.Uri}}')
                print(c.allocPages({2048: {{original}}}, 0, 1, libvirt.VIR_NODE_ALLOC_PAGES_SET))
                """]);
            Assert.Equal((0, "1"), (python.ExitCode, python.Stdout.Trim()));
            Assert.Equal(original, Read("nr_hugepages"));
        }
        finally
        {
            File.WriteAllText(Path.Combine(Pool2M, "nr_hugepages"), original);
        }
    }
}
