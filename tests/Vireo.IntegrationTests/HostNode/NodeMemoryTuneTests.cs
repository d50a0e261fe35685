using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// node-memory-tune against vireod: the host's real KSM files through virsh, vireo and python-libvirt,
/// libvirtd 9.0's layout and refusals; a value set is checked in /sys and the original put back.
/// </summary>
public sealed class NodeMemoryTuneTests
{
    private const string Ksm = "/sys/kernel/mm/ksm";

    private static string KsmValue(string file) => File.ReadAllText(Path.Combine(Ksm, file)).Trim();

    [Fact]
    public async Task Node_memory_tune_prints_the_host_ksm_files_as_virsh_does_with_libvirtd()
    {
        Assert.SkipUnless(Directory.Exists(Ksm), "this kernel has no KSM (/sys/kernel/mm/ksm)");
        await using var served = await ServedEngine.StartAsync();
        var (virsh, vireo) = await served.BothOkAsync("node-memory-tune");
        var expected = "Shared memory:\n" +
            $"\tshm_pages_to_scan {KsmValue("pages_to_scan")}\n" +
            $"\tshm_sleep_millisecs {KsmValue("sleep_millisecs")}\n" +
            $"\tshm_pages_shared {KsmValue("pages_shared")}\n" +
            $"\tshm_pages_sharing {KsmValue("pages_sharing")}\n" +
            $"\tshm_pages_unshared {KsmValue("pages_unshared")}\n" +
            $"\tshm_pages_volatile {KsmValue("pages_volatile")}\n" +
            $"\tshm_full_scans  {KsmValue("full_scans")}\n" +
            $"\tshm_merge_across_nodes {KsmValue("merge_across_nodes")}\n\n";
        // The counters move while KSM runs; this host's KSM is stopped (run=0), so they stand still.
        Assert.Equal(expected, virsh);
        Assert.Equal(expected, vireo);
    }

    [Fact]
    public async Task Node_memory_tune_sets_pages_to_scan_in_sysfs_and_refuses_what_libvirt_refuses()
    {
        Assert.SkipUnless(Directory.Exists(Ksm), "this kernel has no KSM (/sys/kernel/mm/ksm)");
        await using var served = await ServedEngine.StartAsync();
        var original = KsmValue("pages_to_scan");
        var changed = original == "123" ? "124" : "123";
        try
        {
            Assert.Equal("\n", await served.VirshOkAsync("node-memory-tune", "--shm-pages-to-scan", changed));
            Assert.Equal(changed, KsmValue("pages_to_scan"));
            Assert.Equal("\n", await served.VireoOkAsync("node-memory-tune", "--shm-pages-to-scan", original));
            Assert.Equal(original, KsmValue("pages_to_scan"));

            var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
                import libvirt
                c = libvirt.open('{{served.Uri}}')
                p = c.getMemoryParameters(0)
                print(sorted(p) == sorted(['shm_pages_to_scan', 'shm_sleep_millisecs', 'shm_pages_shared', 'shm_pages_sharing', 'shm_pages_unshared', 'shm_pages_volatile', 'shm_full_scans', 'shm_merge_across_nodes']), p['shm_pages_to_scan'])
                c.setMemoryParameters({'shm_pages_to_scan': {{changed}}}, 0)
                print(c.getMemoryParameters(0)['shm_pages_to_scan'])
                c.setMemoryParameters({'shm_pages_to_scan': {{original}}}, 0)
                for call in (lambda: c.getMemoryParameters(1), lambda: c.setMemoryParameters({'shm_pages_shared': 1}, 0)):
                    try:
                        call()
                    except libvirt.libvirtError as e:
                        print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
                """]);
            Assert.Equal((0, $"True {original}\n{changed}\n" +
                "8 0 unsupported flags (0x1) in function virHostMemGetParameters\n" +
                "74 0 argument unsupported: parameter 'shm_pages_shared' not supported"), (python.ExitCode, python.Stdout.Trim()));
            Assert.Equal(original, KsmValue("pages_to_scan"));

            // vireod's read-only socket refuses the change itself (Vireo's client does not refuse it first).
            await using var ro = await VirConnection.OpenAsync(served.Uri, new VirConnectionOptions { ReadOnly = true }, TestContext.Current.CancellationToken);
            var e = await Assert.ThrowsAsync<VirException>(() => ro.SetNodeMemoryParametersAsync([TypedParameter.UInt("shm_pages_to_scan", 1)], TestContext.Current.CancellationToken));
            Assert.Equal("operation forbidden: read only access prevents virNodeSetMemoryParameters", e.Message);
            Assert.Equal(8, (await ro.GetNodeMemoryParametersAsync(TestContext.Current.CancellationToken)).Count);
            Assert.Equal(original, KsmValue("pages_to_scan"));

            var bad = await served.VirshFailsAsync("node-memory-tune", "--shm-pages-to-scan", "x");
            Assert.Equal("error: Numeric value 'x' for <shm-pages-to-scan> option is malformed or out of range", bad.Trim());
        }
        finally
        {
            File.WriteAllText(Path.Combine(Ksm, "pages_to_scan"), original);
        }
    }
}
