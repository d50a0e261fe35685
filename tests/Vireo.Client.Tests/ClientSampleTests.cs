using ClientSample;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Contracts;
using Vireo.Hosting;
using Vireo.Qemu.Driver;

namespace Vireo.Client.Tests;

/// <summary>
/// samples/ClientSample's walk-through (the code docs/client-library.md shows) against what vireod runs
/// (the QEMU driver and the RPC server, on a private root) over a temp Unix socket, with the demo kit's
/// guest booted under TCG: everything it prints is checked, and it must leave no guest behind.
/// </summary>
public sealed class ClientSampleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string KitDirectory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } dir ? dir : "/var/lib/vireo/images";

    /// <summary>What vireod runs (the QEMU driver and the RPC server) on a private root, listening on ROOT/sock.</summary>
    private static async Task<(string Root, EmbeddedEngine Engine, string Socket)> StartEngineAsync()
    {
        var root = Path.Combine("/tmp", "vcs" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, root, "qemu:///system", NullLoggerFactory.Instance, null, Ct);
        var socket = Path.Combine(root, "sock");
        await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], Ct);
        return (root, engine, socket);
    }

    [Fact]
    public async Task The_sample_defines_boots_reads_the_console_and_removes_a_real_guest()
    {
        var demoXml = Path.Combine(KitDirectory, "demo.xml");
        if (!File.Exists(demoXml))
            Assert.Fail($"The demo guest kit is not built: {demoXml} does not exist. Run 'scripts/make-guest.sh' as root " +
                        "(or set VIREO_GUEST_DIR to a directory holding a built kit).");
        var (root, engine, socket) = await StartEngineAsync();
        try
        {
            var driver = (QemuDriver)engine.Server.Drivers[0];
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var (idle, guest) = ("idle-" + suffix, "cs-" + suffix);
            var xml = await File.ReadAllTextAsync(demoXml, Ct);
            // Another domain, defined and never started, for the listing.
            await driver.Lifecycle.DefineAsync(xml.Replace("<name>demo</name>", $"<name>{idle}</name>", StringComparison.Ordinal), DefineFlags.None, Ct);
            var xmlFile = Path.Combine(root, guest + ".xml");
            await File.WriteAllTextAsync(xmlFile, xml.Replace("<name>demo</name>", $"<name>{guest}</name>", StringComparison.Ordinal), Ct);

            var output = new StringWriter();
            await Walkthrough.RunAsync($"qemu+unix:///system?socket={socket}", xmlFile, "VIREO-GUEST-READY", output, Ct);

            TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] expected =
            [
                @"connected to qemu:///system: QEMU, libvirt \d+\.\d+\.\d+",
                $@"domain {idle}: shut off \(\w+\)",
                $@"defined {guest} [0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}",
                $@"started {guest}, id [1-9]\d*",
                @"event: Started \(Booted\)",
                @"state: running \(booted\)",
                @"console: VIREO-GUEST-READY uptime=[0-9.]+",
                @"console: echo \$\(\(6\*7\)\) -> 42",
                "console: detached",
                @"event: Stopped \(Destroyed\)",
                $"undefined {guest}",
                $@"lookup {guest}: Domain not found: no domain with matching name '{guest}' \(code NoDomain, from Qemu\)",
            ];
            Assert.True(lines.Length == expected.Length, $"The sample printed {lines.Length} lines, expected {expected.Length}:\n{output}");
            for (var i = 0; i < expected.Length; i++)
                Assert.Matches($"^{expected[i]}$", lines[i]);

            // The guest is gone, the other domain untouched.
            Assert.Equal([idle], driver.Domains.List(ListFlags.All).Select(d => d.Ref.Name).ToArray());
        }
        finally
        {
            await engine.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_storage_sample_makes_a_pool_and_a_qcow2_volume_on_vireod_and_removes_them()
    {
        var (root, engine, socket) = await StartEngineAsync();
        try
        {
            await using var conn = await VirConnection.OpenAsync($"qemu+unix:///system?socket={socket}", ct: Ct);
            var (name, directory) = ("sample-" + Guid.NewGuid().ToString("N")[..6], Path.Combine(root, "images"));
            var volume = Path.Combine(directory, "a.qcow2");
            var output = new StringWriter();

            await StorageWalkthrough.RunAsync(conn, name, directory, output, Ct);

            Assert.Equal([$"{volume}: 1073741824 bytes", $"removed {name}"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(volume), "the sample deletes its volume");
            Assert.Empty(await conn.ListStoragePoolsAsync(ct: Ct));
        }
        finally
        {
            await engine.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
