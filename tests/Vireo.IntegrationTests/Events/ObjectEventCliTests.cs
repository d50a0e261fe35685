using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.NodeDevices;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// vireo's net-event, pool-event, secret-event and nodedev-event against Debian's virsh: both listen to one
/// vireod at the same time while a network, a storage pool, a secret and a host tap device go through their
/// lives, then both are interrupted (virsh by SIGINT, vireo by its caller's cancellation) and must have printed
/// the same lines. Other tests may make host devices meanwhile, so only lines about this test's objects are
/// compared, and each program's count is checked against its own lines.
/// </summary>
public sealed partial class ObjectEventCliTests
{
    private static readonly string[][] Commands =
    [
        ["net-event", "--event", "lifecycle", "--loop"],
        ["pool-event", "--event", "lifecycle", "--loop", "--timestamp"],
        ["pool-event", "--event", "refresh", "--loop"],
        ["secret-event", "--event", "lifecycle", "--loop"],
        ["secret-event", "--event", "value-changed", "--loop"],
        ["nodedev-event", "--event", "lifecycle", "--loop"],
        ["nodedev-event", "--event", "update", "--loop"],
    ];

    [Fact]
    public async Task Vireo_prints_what_virsh_prints_for_network_pool_secret_and_node_device_events()
    {
        VirshRequired.Check();
        MachineSetUp.Require(File.Exists("/dev/net/tun"), "/dev/net/tun (tap devices)");
        await using var served = await ServedEngine.StartAsync();
        using var stopVireo = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var virsh = Commands.Select(c => LineCapture.Start("virsh", ["-c", served.Uri, .. c])).ToList();
        var vireo = Commands.Select(c => InProcessVireo.Start(served.Uri, stopVireo.Token, c)).ToList();
        try
        {
            // Neither prints anything once registered: the daemon's count of event callbacks says when all are.
            await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 2 * Commands.Length, "every listener registering");

            var net = DemoKit.UniqueName("oe");
            var pool = DemoKit.UniqueName("oep");
            var secret = Guid.NewGuid().ToString("D");
            await using var tap = new HostTap();
            var poolDir = Directory.CreateDirectory(Path.Combine(served.RootPath, pool)).FullName;
            await served.VirshOkAsync("net-define", served.WriteFile("oe.xml", $"<network><name>{net}</name><bridge name='voe0'/></network>"));
            await served.VirshOkAsync("net-undefine", net);
            await served.VirshOkAsync("pool-define-as", pool, "dir", "--target", poolDir);
            await served.VirshOkAsync("pool-start", pool);
            await served.VirshOkAsync("pool-refresh", pool);
            await served.VirshOkAsync("pool-destroy", pool);
            await served.VirshOkAsync("pool-undefine", pool);
            await served.VirshOkAsync("secret-define", served.WriteFile("oe-secret.xml",
                $"<secret ephemeral='no' private='no'><uuid>{secret}</uuid><usage type='ceph'><name>{secret}</name></usage></secret>"));
            await served.VirshOkAsync("secret-set-value", secret, "--file", served.WriteFile("oe-value", "hunter2"), "--plain");
            await served.VirshOkAsync("secret-undefine", secret);
            // A device that lives for less than one rescan can go unnoticed (docs/nodedev.md): each step waits for the last.
            await tap.AddAsync();
            await virsh[5].WaitAsync(t => t.Contains(tap.Name, StringComparison.Ordinal), $"virsh hearing that {tap.Name} was created");
            await tap.ChangeAsync();
            await virsh[6].WaitAsync(t => t.Contains(tap.Name, StringComparison.Ordinal), $"virsh hearing that {tap.Name} changed");
            await tap.DeleteAsync();

            string[] lastWords = [$"{net}: Undefined", $"{pool}: Undefined", $"storage pool {pool}", $"{secret}: Undefined", $"secret {secret}", $"{tap.Name}_", $"{tap.Name}_"];
            string[] lastLines = [$"{net}: Undefined", $"{pool}: Undefined", $"storage pool {pool}", $"{secret}: Undefined", $"secret {secret}", ": Deleted", $"{tap.Name}_"];
            for (var i = 0; i < Commands.Length; i++)
            {
                var (word, last, what) = (lastWords[i], lastLines[i], string.Join(' ', Commands[i]));
                bool Done(string text) => text.Split('\n').Any(l => l.Contains(word, StringComparison.Ordinal) && l.Contains(last, StringComparison.Ordinal));
                await virsh[i].WaitAsync(Done, $"virsh {what} printing its last event");
                var running = vireo[i];
                await Expect.EventuallyAsync(() => Task.FromResult(running.Stdout.Text), Done, $"vireo {what} printing its last event");
            }
            foreach (var v in virsh) await v.InterruptAsync();
            await stopVireo.CancelAsync();

            string[] ours = [net, pool, secret, tap.Name];
            for (var i = 0; i < Commands.Length; i++)
            {
                var what = string.Join(' ', Commands[i]);
                Assert.True(await vireo[i].Exit == 0, $"vireo {what}: {vireo[i].Stderr.Text}");
                var virshLines = Ours(virsh[i].Text, ours);
                Assert.NotEmpty(virshLines);
                Assert.Equal(virshLines, Ours(vireo[i].Stdout.Text, ours));
                CheckFooter(virsh[i].Text, what);
                CheckFooter(vireo[i].Stdout.Text, what);
            }
            Assert.Equal([$"event 'lifecycle' for network {net}: Defined", $"event 'lifecycle' for network {net}: Undefined"], Ours(vireo[0].Stdout.Text, ours));
            Assert.Equal(["TIME: Defined", "TIME: Started", "TIME: Stopped", "TIME: Undefined"],
                Ours(vireo[1].Stdout.Text, ours).Select(l => l.Replace($"event 'lifecycle' for storage pool {pool}: ", "", StringComparison.Ordinal)));
            Assert.Equal([$"event 'value-changed' for secret {secret}"], Ours(vireo[4].Stdout.Text, ours));
            Assert.Equal(2, Ours(vireo[5].Stdout.Text, ours).Length);   // created and deleted
        }
        finally
        {
            await stopVireo.CancelAsync();
            foreach (var v in virsh) await v.DisposeAsync();
            await Task.WhenAll(vireo.Select(v => v.Exit.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>The event lines about this test's objects, with --timestamp's time replaced by "TIME".</summary>
    private static string[] Ours(string output, string[] names) =>
        output.Split('\n').Where(l => names.Any(n => l.Contains(n, StringComparison.Ordinal)))
            .Select(l => Timestamp().Replace(l, "TIME: ")).ToArray();

    /// <summary>virsh's ending after an interrupt: the two lines, and a count equal to the events it printed.</summary>
    private static void CheckFooter(string output, string what)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Count(l => l.Contains("event '", StringComparison.Ordinal));
        Assert.True(lines.Length >= 2, $"{what}: {output}");
        Assert.Equal(["event loop interrupted", $"events received: {events}"], lines[^2..]);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000: ")]
    private static partial Regex Timestamp();

    [Fact]
    public async Task Vireo_lists_and_refuses_as_virsh_does()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        foreach (var command in new[] { "net-event", "pool-event", "secret-event", "nodedev-event" })
        {
            var (virshList, vireoList) = await served.BothOkAsync(command, "--list");
            Assert.Equal(virshList.TrimEnd(), vireoList.TrimEnd());
            await served.BothRefuseAsync("error: either --list or --event <type> is required", command);
            await served.BothRefuseAsync("error: unknown event type bogus", command, "--event", "bogus");
            await served.BothRefuseAsync("error: Numeric value '0' for <timeout> option is malformed or out of range", command, "--event", "lifecycle", "--timeout", "0");
        }
        await served.BothRefuseAsync("error: failed to get network 'nosuch'\nerror: Network not found: no network with matching name 'nosuch'",
            "net-event", "nosuch", "--event", "lifecycle", "--timeout", "1");
        await served.BothRefuseAsync("error: failed to get pool 'nosuch'\nerror: Storage pool not found: no storage pool with matching name 'nosuch'",
            "pool-event", "--pool", "nosuch", "--event", "lifecycle", "--timeout", "1");
        await served.BothRefuseAsync("error: failed to get secret 'nosuch'\nerror: uuidstr in virSecretLookupByUUIDString must be a valid UUID",
            "secret-event", "nosuch", "--event", "lifecycle", "--timeout", "1");
        await served.BothRefuseAsync("error: Could not find matching device 'nosuch'\nerror: Node device not found: no node device with matching name 'nosuch'",
            "nodedev-event", "--device", "nosuch", "--event", "lifecycle", "--timeout", "1");
    }

    [Fact]
    public async Task A_filtered_listener_hears_only_its_object_and_no_event_is_a_failure()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("oef");
        var other = DemoKit.UniqueName("oeg");
        foreach (var p in new[] { pool, other })
            await served.VirshOkAsync("pool-define-as", p, "dir", "--target", Directory.CreateDirectory(Path.Combine(served.RootPath, p)).FullName);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var filtered = InProcessVireo.Start(served.Uri, stop.Token, "pool-event", pool, "--event", "lifecycle");   // one-shot
        var quiet = InProcessVireo.Start(served.Uri, stop.Token, "secret-event", "--event", "lifecycle", "--loop");
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 2, "both listeners registering");

        await served.VirshOkAsync("pool-start", other);
        await served.VirshOkAsync("pool-start", pool);
        Assert.Equal(0, await filtered.Exit);
        Assert.Equal($"event 'lifecycle' for storage pool {pool}: Started\nevents received: 1\n", filtered.Stdout.Text.TrimEnd('\n') + "\n");

        await stop.CancelAsync();
        Assert.Equal(1, await quiet.Exit);                        // virsh fails an event command that heard nothing
        Assert.Equal("event loop interrupted\nevents received: 0\n", quiet.Stdout.Text.TrimEnd('\n') + "\n");
    }
}
