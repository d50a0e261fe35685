using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Daemon.Tests;

/// <summary>
/// `vireod --libvirt-sockets` as a new user would run it so that plain `virsh` finds it, inside a private mount
/// namespace with a tmpfs on /run/libvirt (the host's /run/libvirt is never touched). systemd is not PID 1 on
/// the test machines, so installing the unit and `systemctl start` cannot be exercised; this is the foreground run.
/// </summary>
public sealed class LibvirtSocketsTests
{
    [Fact]
    public async Task Plain_virsh_reaches_vireod_on_libvirts_socket_and_other_daemons_are_never_taken_over()
    {
        Assert.SkipUnless(Run.Exists("virsh"), "virsh (libvirt-clients) is not installed");
        Assert.SkipUnless(Run.Exists("socat"), "socat is not installed");
        Assert.SkipUnless(Directory.Exists("/run/libvirt"), "/run/libvirt does not exist to mount a private tmpfs on");
        var root = DemoKit.TempRoot("vl");
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "libvirt-sockets.sh");
            var r = await Run.ProgramAsync("unshare", ["-m", "--propagation", "private", "bash", script, Vireod.Program, root],
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(r.ExitCode == 0, r.ToString());
            foreach (var step in new[] { "stale-replaced", "plain-virsh", "modes", "second-refused", "virtqemud-refused" })
                Assert.Contains($"STEP {step} ok", r.Stdout);
            Assert.Contains("virsh uri: qemu:///system", r.Stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
