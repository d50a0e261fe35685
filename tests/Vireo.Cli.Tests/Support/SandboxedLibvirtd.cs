using System.Diagnostics;

namespace Vireo.Cli.Tests.Support;

/// <summary>
/// Debian's libvirtd 9.0 with its QEMU driver, started by a test in a private mount namespace by
/// bench/rpc/libvirtd-sandbox.sh (shared with the benchmark, not copied): a tmpfs /run/libvirt and empty
/// /etc, /var/lib, /var/cache and /var/log libvirt directories under a temp dir, so the host's libvirt state is
/// never touched; QEMU runs as root (TCG guests); its socket is DIR/libvirt-sock.
/// </summary>
public sealed class SandboxedLibvirtd : IAsyncDisposable
{
    private const string Program = "/usr/sbin/libvirtd";
    private const string QemuDriver = "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so";
    private readonly Process _process;

    private SandboxedLibvirtd(Process process, string dir)
    {
        _process = process;
        Dir = dir;
    }

    public string Dir { get; }
    public string Socket => Path.Combine(Dir, "libvirt-sock");
    public string Uri => $"qemu+unix:///system?socket={Socket}";
    public string Log => File.Exists(Path.Combine(Dir, "libvirtd.log")) ? File.ReadAllText(Path.Combine(Dir, "libvirtd.log")) : "";

    /// <summary>Why libvirtd cannot run on this machine, or null when it can.</summary>
    public static string? Missing() =>
        !File.Exists(Program) ? "libvirtd is not installed (apt-get install libvirt-daemon)"
        : !File.Exists(QemuDriver) ? "libvirtd's QEMU driver is not installed (apt-get install libvirt-daemon-driver-qemu)"
        : !Run.Exists("unshare") ? "unshare (util-linux) is not installed: libvirtd needs a private mount namespace"
        : Environment.UserName != "root" ? "a private mount namespace for libvirtd needs root"
        : null;

    /// <summary>Starts libvirtd and waits (with a deadline) until it answers a virsh call on its socket.</summary>
    public static async Task<SandboxedLibvirtd> StartAsync()
    {
        var dir = Path.Combine("/tmp", "vireo-lv-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var script = Path.Combine(AppContext.BaseDirectory, "Sandbox", "libvirtd-sandbox.sh");
        // unshare execs sh, which execs libvirtd: this process is libvirtd itself.
        var p = Process.Start(Run.StartInfo("unshare", ["-m", "sh", script, dir], null))!;
        p.StandardInput.Close();
        var d = new SandboxedLibvirtd(p, dir);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        // The socket appears before the QEMU driver has probed QEMU; a finished virsh call means it serves.
        while (!File.Exists(d.Socket) || (await Run.VirshAsync(d.Uri, "uri")).ExitCode != 0)
        {
            if (p.HasExited) Assert.Fail($"libvirtd exited with status {p.ExitCode}. Log:\n{d.Log}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"libvirtd did not answer on {d.Socket} within 120 s. Log:\n{d.Log}");
            await Task.Delay(100);
        }
        return d;
    }

    /// <summary>SIGTERM (libvirtd leaves guests running: tests destroy theirs first), then SIGKILL after a deadline.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
