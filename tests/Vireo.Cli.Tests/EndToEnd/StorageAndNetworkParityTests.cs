using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// The pool-*, vol-* and net-* commands run by Debian's virsh and then by vireo against one vireod (private state
/// dir and socket): the same script, with the same names, UUIDs and paths, leaves the daemon as it found it, so
/// every step's stdout, stderr and exit status must be equal. Pools live in the test's temp dir; networks are
/// &lt;forward mode='bridge'/&gt; and never started, so nothing is created on the host. Output that holds file
/// timestamps (vol-dumpxml) is compared by running both tools back to back on the same state.
/// </summary>
public sealed class StorageAndNetworkParityTests
{
    private sealed record Step(string[] Args, bool BackToBack = false);

    private static Step S(params string[] args) => new(args);
    private static Step Paired(params string[] args) => new(args, BackToBack: true);

    private static Task<RunResult> Virsh(string uri, string[] args) => Run.VirshAsync(uri, args);
    private static Task<RunResult> Vireo(string uri, string[] args) => Run.VireoAsync(["-c", uri, .. args]);

    /// <summary>Runs the script with one tool; back-to-back steps also run the other tool at once and must match it.</summary>
    private static async Task<List<(string Command, RunResult Result)>> RunScriptAsync(string uri, IEnumerable<Step> script, bool vireo)
    {
        var results = new List<(string, RunResult)>();
        foreach (var step in script)
        {
            var command = string.Join(' ', step.Args);
            if (step.BackToBack)
            {
                if (!vireo) continue;
                var expected = await Virsh(uri, step.Args);
                var actual = await Vireo(uri, step.Args);
                Assert.True(expected.ToString() == actual.ToString(), $"`{command}`\n=== virsh:\n{expected}\n=== vireo:\n{actual}");
                continue;
            }
            results.Add((command, vireo ? await Vireo(uri, step.Args) : await Virsh(uri, step.Args)));
        }
        return results;
    }

    private static async Task AssertScriptMatchesAsync(string uri, Step[] script)
    {
        var expected = await RunScriptAsync(uri, script, vireo: false);
        var actual = await RunScriptAsync(uri, script, vireo: true);
        Assert.Equal(expected.Count, actual.Count);
        var differences = expected.Zip(actual)
            .Where(p => p.First.Result.ToString() != p.Second.Result.ToString())
            .Select(p => $"`{p.First.Command}`\n=== virsh:\n{p.First.Result}\n=== vireo:\n{p.Second.Result}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
        // The script exercises both outcomes: it proves nothing if everything failed (or nothing did).
        Assert.Contains(expected, e => e.Result.ExitCode == 0);
        Assert.Contains(expected, e => e.Result.ExitCode == 1);
    }

    private static async Task WithVireodAsync(string prefix, Func<Vireod, string, Task> body)
    {
        MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");
        var root = DemoKit.TempRoot(prefix);
        try
        {
            await using var vireod = await Vireod.StartAsync(root);
            await body(vireod, root);
            Assert.Equal(0, await vireod.StopAsync());
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public Task Pool_and_volume_commands_print_what_virsh_prints() => WithVireodAsync("vsp", async (vireod, root) =>
    {
        var pool = DemoKit.UniqueName("web");
        var uuid = Guid.NewGuid().ToString();
        var dir = Path.Combine(root, "pools", pool);
        var scratch = Path.Combine(root, "pools", "scratch");
        Directory.CreateDirectory(scratch);
        var poolXml = Path.Combine(root, pool + ".xml");
        File.WriteAllText(poolXml, $"<pool type='dir'>\n  <name>{pool}</name>\n  <uuid>{uuid}</uuid>\n  <target><path>{dir}</path></target>\n</pool>\n");
        var volXml = Path.Combine(root, "vol.xml");
        File.WriteAllText(volXml, "<volume><name>x.raw</name><capacity unit='M'>5</capacity><target><format type='raw'/></target></volume>\n");
        var tmp = pool + "-tmp";
        var other = pool + "-as";

        Step[] script =
        [
            S("pool-list", "--all"),
            S("pool-define", poolXml),
            S("pool-list", "--all", "--details"),
            S("pool-list", "--inactive", "--name"),
            S("pool-info", pool),
            S("pool-dumpxml", "--inactive", pool),
            S("pool-start", pool),
            S("pool-build", pool),
            S("pool-start", pool),
            S("pool-start", pool),
            S("pool-autostart", pool),
            S("pool-list", "--autostart"),
            S("pool-autostart", pool, "--disable"),
            S("pool-uuid", pool),
            S("pool-name", uuid),
            S("pool-name", pool),
            S("pool-list", "--all", "--inactive"),
            S("pool-define-as", other, "dir", "--target", Path.Combine(root, "pools", "other")),
            S("pool-define-as", other + "-lvm", "logical"),
            S("pool-undefine", other),
            S("pool-create-as", tmp, "dir", "--target", scratch),
            S("pool-list", "--all", "--persistent", "--name"),
            S("pool-list", "--transient", "--name"), // (a transient pool gets a new UUID each run)
            S("pool-destroy", tmp),
            S("pool-destroy", tmp),
            S("vol-list", pool),
            S("vol-create-as", pool, "a.qcow2", "64M", "--format", "qcow2"),
            S("vol-create-as", pool, "b.img", "8M", "--format", "raw"),
            S("vol-create-as", pool, "c.qcow2", "1G", "--format", "qcow2", "--backing-vol", "a.qcow2", "--backing-vol-format", "qcow2"),
            S("vol-create-as", pool, "a.qcow2", "1M"),
            S("vol-create-as", pool, "d.img", "1Q"),
            S("vol-create-as", pool, "d.img", "1M", "--backing-vol", "nope", "--format", "qcow2"),
            S("vol-create", pool, volXml),
            S("vol-create", pool, volXml),
            S("vol-list", pool),
            S("vol-list", pool, "--details"),
            S("vol-info", "a.qcow2", "--pool", pool),
            S("vol-info", "--bytes", "b.img", "--pool", pool),
            S("vol-info", Path.Combine(dir, "x.raw")),
            S("vol-info", "nope", "--pool", pool),
            S("vol-info", "nope"),
            Paired("vol-dumpxml", "c.qcow2", "--pool", pool),
            Paired("vol-clone", "b.img", "b2.img", "--pool", pool, "--print-xml"),
            S("vol-clone", "b.img", "b2.img", "--pool", pool),
            S("vol-resize", "b2.img", "20M", "--pool", pool),
            S("vol-resize", "b2.img", "1M", "--pool", pool, "--delta"),
            S("vol-resize", "b2.img", "1M", "--pool", pool),
            S("vol-resize", "b2.img", "abc", "--pool", pool),
            S("vol-wipe", "b2.img", "--pool", pool),
            S("vol-wipe", "b2.img", "--pool", pool, "--algorithm", "bogus"),
            S("vol-list", pool, "--details"),
            S("vol-path", "a.qcow2", "--pool", pool),
            S("vol-key", "a.qcow2", "--pool", pool),
            S("vol-name", Path.Combine(dir, "a.qcow2")),
            S("vol-pool", Path.Combine(dir, "a.qcow2")),
            S("vol-pool", "--uuid", Path.Combine(dir, "a.qcow2")),
            S("vol-pool", "nope"),
            S("pool-refresh", pool),
            S("pool-undefine", pool),
            S("vol-delete", "c.qcow2", "--pool", pool),
            S("vol-delete", "b2.img", "--pool", pool),
            S("vol-delete", "b.img", "--pool", pool),
            S("vol-delete", "a.qcow2", "--pool", pool),
            S("vol-delete", "x.raw", "--pool", pool),
            S("vol-delete", "x.raw", "--pool", pool),
            S("pool-destroy", pool),
            S("vol-info", "a.qcow2", "--pool", pool),
            S("pool-list", "--inactive", "--details"),
            S("pool-delete", pool),
            S("pool-undefine", pool),
            S("pool-info", pool),
            S("pool-list", "--all"),
        ];
        await AssertScriptMatchesAsync(vireod.Uri, script);
        Assert.False(Directory.Exists(dir)); // pool-delete removed the (emptied) target directory, in both runs
    });

    [Fact]
    public Task Network_commands_print_what_virsh_prints() => WithVireodAsync("vsn", async (vireod, root) =>
    {
        // A bridge-mode network names a host bridge it never creates, and none is started here.
        var net = DemoKit.UniqueName("net");
        var uuid = Guid.NewGuid().ToString();
        var xml = Path.Combine(root, net + ".xml");
        File.WriteAllText(xml, $"<network>\n  <name>{net}</name>\n  <uuid>{uuid}</uuid>\n  <forward mode='bridge'/>\n  <bridge name='vbr{uuid[..8]}'/>\n</network>\n");
        var bad = Path.Combine(root, "bad.xml");
        File.WriteAllText(bad, "<network");

        Step[] script =
        [
            S("net-list", "--all"),
            S("net-define", xml),
            S("net-define", bad),
            S("net-define", Path.Combine(root, "missing.xml")),
            S("net-list"),
            S("net-list", "--all"),
            S("net-list", "--inactive"),
            S("net-list", "--all", "--name"),
            S("net-list", "--all", "--uuid"),
            S("net-list", "--all", "--name", "--uuid"),
            S("net-info", net),
            S("net-info", uuid),
            S("net-info", "nope"),
            S("net-autostart", net),
            S("net-list", "--all", "--autostart"),
            S("net-autostart", "--disable", net),
            S("net-list", "--inactive", "--autostart"),
            S("net-dumpxml", net),
            S("net-dumpxml", "--inactive", net),
            S("net-uuid", net),
            S("net-name", uuid),
            S("net-name", net),
            S("net-destroy", net),
            S("net-undefine", net),
            S("net-undefine", net),
            S("net-list", "--all"),
        ];
        await AssertScriptMatchesAsync(vireod.Uri, script);
    });
}
