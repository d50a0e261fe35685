using System.Text;
using Vireo.Qemu.Console;
using Vireo.Qemu.Qmp;
using Vireo.Qemu.Tests.Qmp;

namespace Vireo.Qemu.Tests.Console;

/// <summary>ConsoleCapture on a real QEMU serial chardev: SeaBIOS with nothing to boot, and the guest kit for input.</summary>
public class ConsoleCaptureQemuTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);

    private static ConsoleCaptureOptions Options(QemuUnderTest qemu) => new()
    {
        SocketPath = qemu.SerialSocket, LogPath = Path.Combine(qemu.Dir, "serial0.log"), AbandonWhen = qemu.Process.Exited,
    };

    [Fact]
    public async Task EverythingFromPowerOnReachesEveryClientHistoryAndLog()
    {
        await using var qemu = await QemuUnderTest.StartAsync();
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        await using var capture = await ConsoleCapture.StartAsync(Options(qemu), Ct); // before cont: nothing is lost
        var a = new ConsoleReader(capture.Attach(replayHistory: false));
        var b = new ConsoleReader(capture.Attach(replayHistory: false));
        await qmp.ContAsync(Ct);

        await a.WaitForAsync("No bootable device", Boot, Ct);
        await b.WaitForAsync("No bootable device", Boot, Ct);
        Assert.Contains("SeaBIOS (version", a.Text);
        int common = Math.Min(a.Text.Length, b.Text.Length);
        Assert.Equal(a.Text[..common], b.Text[..common]);

        var late = new ConsoleReader(capture.Attach(replayHistory: true));
        await late.WaitForAsync("No bootable device", TimeSpan.FromSeconds(10), Ct);
        Assert.StartsWith(a.Text[..late.Text.IndexOf("No bootable device", StringComparison.Ordinal)], late.Text);
        // The log is written behind the clients (a slow disk never holds them up), so it catches up shortly after.
        Assert.Contains("SeaBIOS (version", await LogWhenItShowsAsync(Path.Combine(qemu.Dir, "serial0.log"), "No bootable device"));

        await qmp.QuitAsync(Ct);
        await a.ReadToEndAsync(Ct); // the socket closes with QEMU: every session ends
        await capture.Ended.WaitAsync(Ct);
    }

    [Fact]
    public async Task ReconnectsAfterADaemonRestartWhileQemuKeepsRunning()
    {
        await using var qemu = await QemuUnderTest.StartAsync();
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        var first = await ConsoleCapture.StartAsync(Options(qemu), Ct);
        var reader = new ConsoleReader(first.Attach(false));
        await qmp.ContAsync(Ct);
        await reader.WaitForAsync("SeaBIOS (version", Boot, Ct);
        await first.DisposeAsync(); // "the daemon stops"; QEMU goes on

        await using var second = await ConsoleCapture.StartAsync(Options(qemu), Ct);
        var replay = new ConsoleReader(second.Attach(replayHistory: true));
        await replay.WaitForAsync("SeaBIOS (version", TimeSpan.FromSeconds(10), Ct); // history refilled from the log
        int before = replay.Text.Length;
        await qmp.SystemResetAsync(Ct); // the firmware prints its banner again, live this time
        await replay.WaitForAsync("SeaBIOS (version", Boot, Ct, from: before);
        await qmp.QuitAsync(Ct);
        await second.Ended.WaitAsync(Ct);
        string log = File.ReadAllText(Path.Combine(qemu.Dir, "serial0.log"));
        Assert.True(log.IndexOf("SeaBIOS (version", StringComparison.Ordinal) < log.LastIndexOf("SeaBIOS (version", StringComparison.Ordinal),
            "the log should hold the banner from before and after the restart");
    }

    [Fact]
    public async Task TypedInputReachesTheGuestShell()
    {
        var kit = GuestKitFiles.Find();
        Assert.True(kit != null, $"The guest kit is not built in {GuestKitFiles.Directory} (kit-cloud.txt): scripts/setup.sh builds it, so this machine was not set up.");
        await using var qemu = await QemuUnderTest.StartAsync(
            ["-kernel", kit!.Value.Kernel, "-initrd", kit.Value.Initrd, "-append", kit.Value.CommandLine], memory: "256");
        await using var qmp = await qemu.ConnectQmpAsync(Ct);
        await using var capture = await ConsoleCapture.StartAsync(Options(qemu), Ct);
        var session = capture.Attach(false);
        var console = new ConsoleReader(session);
        await qmp.ContAsync(Ct);
        int ready = await console.WaitForAsync("VIREO-GUEST-READY", TimeSpan.FromSeconds(120), Ct); // the kit's /init marker
        await console.WaitForAsync("# ", TimeSpan.FromSeconds(30), Ct, from: ready);

        int n = Random.Shared.Next(1000, 9999);
        // The shell computes the marker, so finding it proves the input ran (the echo shows only the expression).
        await session.WriteAsync(Encoding.ASCII.GetBytes($"echo hello-$(({n}+1))\n"), Ct);
        await console.WaitForAsync($"hello-{n + 1}", TimeSpan.FromSeconds(30), Ct);
        await qmp.QuitAsync(Ct);
    }

    /// <summary>The log's text once it holds <paramref name="marker"/>, polled with a deadline.</summary>
    private static async Task<string> LogWhenItShowsAsync(string path, string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var text = File.Exists(path) ? await File.ReadAllTextAsync(path, Ct) : "";
            if (text.Contains(marker, StringComparison.Ordinal) || DateTime.UtcNow > deadline) return text;
            await Task.Delay(50, Ct);
        }
    }
}

/// <summary>The guest kit scripts/make-guest.sh builds (kit-cloud.txt manifest: kernel=, initrd=, cmdline=).</summary>
internal static class GuestKitFiles
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } d ? d : "/var/lib/vireo/images";

    public static (string Kernel, string Initrd, string CommandLine)? Find()
    {
        string manifest = Path.Combine(Directory, "kit-cloud.txt");
        if (!File.Exists(manifest))
            return null;
        var values = File.ReadAllLines(manifest).Where(l => l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        return values.TryGetValue("kernel", out var k) && values.TryGetValue("initrd", out var i) && File.Exists(k) && File.Exists(i)
            ? (k, i, values.GetValueOrDefault("cmdline", "console=ttyS0"))
            : null;
    }
}
