using System.Diagnostics;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// Debian's libvirtd 9.0 in a private mount namespace (bench/rpc/libvirtd-sandbox.sh: its own socket, empty
/// state directories, none of the host's libvirt state touched), for tests that compare vireod with it on
/// this very machine. Disposing stops it.
/// </summary>
internal sealed class SandboxedLibvirtd : IAsyncDisposable
{
    private readonly TempRoot _dir;
    private readonly Process _process;

    private SandboxedLibvirtd(TempRoot dir, Process process)
    {
        _dir = dir;
        _process = process;
    }

    /// <summary>The sandbox's directory (sockets, log, the namespace's libvirt directories); tests may keep their files there.</summary>
    public string Dir => _dir.Path;

    public string Uri => $"qemu+unix:///system?socket={Path.Combine(_dir.Path, "libvirt-sock")}";
    public string ReadOnlyUri => $"qemu+unix:///system?socket={Path.Combine(_dir.Path, "libvirt-sock-ro")}";

    /// <summary>Skips the test when not root (the sandbox needs a private mount namespace); a missing libvirtd fails it (setup.sh installs it).</summary>
    public static async Task<SandboxedLibvirtd> StartAsync()
    {
        Assert.SkipUnless(Environment.UserName == "root", "the libvirtd sandbox needs root (a private mount namespace)");
        MachineSetUp.Require(File.Exists("/usr/sbin/libvirtd"), "libvirtd (Debian's libvirt-daemon)");
        var dir = new TempRoot();
        var script = Path.Combine(BusyboxRootfs.RepoRoot(), "bench", "rpc", "libvirtd-sandbox.sh");
        var process = Process.Start(ProcessRunner.StartInfo("unshare", ["-m", "sh", script, dir.Path]))!;
        var sandbox = new SandboxedLibvirtd(dir, process);
        var socket = Path.Combine(dir.Path, "libvirt-sock");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(socket) || !(await ProcessRunner.RunAsync("virsh", ["-c", sandbox.Uri, "uri"])).ExitCode.Equals(0))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(Path.Combine(dir.Path, "libvirtd.log")) ? File.ReadAllText(Path.Combine(dir.Path, "libvirtd.log")) : "(no log)";
                await sandbox.DisposeAsync();
                Assert.Fail($"the sandboxed libvirtd did not come up: {log}");
            }
            await Task.Delay(100);
        }
        return sandbox;
    }

    /// <summary>Runs one virsh command line against this libvirtd and against <paramref name="oursUri"/>: exit status, stdout and stderr must agree.</summary>
    public async Task VirshSameAsync(string theirsUri, string oursUri, params string[] args)
    {
        var theirs = await ProcessRunner.RunAsync("virsh", ["-c", theirsUri, .. args]);
        var ours = await ProcessRunner.RunAsync("virsh", ["-c", oursUri, .. args]);
        Assert.True((theirs.ExitCode, theirs.Stdout, theirs.Stderr) == (ours.ExitCode, ours.Stdout, ours.Stderr),
            $"virsh {string.Join(' ', args)}\n--- libvirtd: {theirs}\n--- vireod: {ours}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // libvirtd's guests outlive it (QEMU is daemonized into its own mount namespace, not libvirtd's child),
            // so a guest a test left running would run on for good: destroy every one while libvirtd can.
            var running = await ProcessRunner.RunAsync("virsh", ["-c", Uri, "list", "--name"]);
            foreach (var name in running.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                await ProcessRunner.RunAsync("virsh", ["-c", Uri, "destroy", name]);
            _process.Kill(entireProcessTree: true); // libvirtd exec'd in place of the shell: this is libvirtd
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
