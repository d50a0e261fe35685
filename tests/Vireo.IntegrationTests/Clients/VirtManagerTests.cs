using System.Diagnostics;
using System.Text;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Clients;

/// <summary>
/// Debian's virt-manager (the GTK application, on a virtual X server) against vireod: it connects, lists
/// the guests with their states from the domain events and opens a running guest's serial console
/// (virDomainOpenConsole), and its --debug log holds no libvirt error at all (it registers network and
/// node device events too). virt-manager never exits on its own: the test reads its log until the lines it waits for
/// have appeared, then ends it. Like on any libvirt host, virt-manager defines its "default" storage pool
/// on first connect, which creates /var/lib/libvirt/images (the pool itself lives in the test's state dir).
/// </summary>
public sealed class VirtManagerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Virt_manager_lists_the_guests_and_opens_a_running_guests_console()
    {
        // Installed by scripts/setup.sh: missing means the machine was not set up, a failure rather than a skip.
        Assert.True(File.Exists("/usr/bin/virt-manager") && File.Exists("/usr/bin/xvfb-run"),
            "virt-manager or xvfb is not installed: scripts/setup.sh installs both (packages virt-manager, xvfb).");
        await using var served = await ServedEngine.StartAsync();
        var off = await served.DefineGuestAsync("vmm-off");
        var on = await served.StartGuestAsync("vmm-on");

        var home = Path.Combine(served.RootPath, "vmm-home");
        Directory.CreateDirectory(home);
        var psi = ProcessRunner.StartInfo("xvfb-run",
            ["-a", "dbus-run-session", "--", "virt-manager", "--debug", "--no-fork", "--connect", served.Uri, "--show-domain-console", on]);
        psi.Environment["HOME"] = home; // virt-manager keeps its settings and cache there
        psi.Environment["XDG_RUNTIME_DIR"] = null;
        string[] wanted =
        [
            $"domain={off} status=Shutoff added",
            $"domain={on} status=Running added",
            "Opening console stream for dev=",
            "Showing VM details",
        ];
        var log = await RunUntilLoggedAsync(psi, wanted);

        var errors = log.Split('\n')
            .Where(l => l.Contains("Error", StringComparison.Ordinal) || l.Contains("Traceback", StringComparison.Ordinal) || l.Contains("libvirtError", StringComparison.Ordinal))
            .Where(l => !l.Contains("org.freedesktop.DBus.Error", StringComparison.Ordinal)) // dbus-daemon cannot raise its fd limit in a container
            .ToList();
        Assert.True(errors.Count == 0, "virt-manager logged errors:\n" + string.Join('\n', errors) + "\n--- whole log:\n" + log);
    }

    /// <summary>Runs virt-manager until every wanted line is in its log, then ends it (and its X server) and returns the log.</summary>
    private static async Task<string> RunUntilLoggedAsync(ProcessStartInfo psi, IReadOnlyList<string> wanted)
    {
        var log = new StringBuilder();
        var gate = new object();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var p = new Process { StartInfo = psi };
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (gate)
            {
                log.Append(e.Data).Append('\n');
                var text = log.ToString();
                if (wanted.All(w => text.Contains(w, StringComparison.Ordinal))) seen.TrySetResult();
            }
        }
        p.OutputDataReceived += OnLine;
        p.ErrorDataReceived += OnLine;
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try
        {
            var exited = p.WaitForExitAsync();
            var first = await Task.WhenAny(seen.Task, exited, Task.Delay(Deadline));
            if (first != seen.Task)
            {
                string text;
                lock (gate) text = log.ToString();
                var missing = wanted.Where(w => !text.Contains(w, StringComparison.Ordinal));
                Assert.Fail((first == exited ? $"virt-manager exited ({p.ExitCode})" : $"virt-manager did not log within {Deadline.TotalSeconds:0} s") +
                    $" the lines: {string.Join(" | ", missing)}\n--- its log:\n{text}");
            }
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        lock (gate) return log.ToString();
    }
}
