using System.Net.Sockets;
using System.Text;
using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Daemon.Tests;

/// <summary>
/// vireod as a new user runs it so that plain `virsh` finds it: started as packaging/vireod.service starts it
/// (systemd is not PID 1 on the test machines, so the unit's ExecStart arguments run with the environment systemd
/// gives a Type=notify service: NOTIFY_SOCKET and SYSTEMD_EXEC_PID), inside a private mount namespace with a tmpfs
/// on /run/libvirt (the host's /run/libvirt is never touched).
/// </summary>
public sealed class LibvirtSocketsTests
{
    private static string UnitFile => Path.Combine(AppContext.BaseDirectory, "packaging", "vireod.service");

    [Fact]
    public void The_unit_is_type_notify_keeps_guests_on_stop_and_listens_on_libvirts_sockets()
    {
        var unit = UnitSettings(File.ReadAllText(UnitFile));
        Assert.Equal("notify", unit["Type"]);
        Assert.Equal("process", unit["KillMode"]);
        Assert.Equal(["/usr/local/sbin/vireod", "--libvirt-sockets"], unit["ExecStart"].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("multi-user.target", unit["WantedBy"]);
    }

    [Fact]
    public async Task Plain_virsh_reaches_vireod_started_as_its_unit_starts_it_and_other_daemons_are_never_taken_over()
    {
        MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");
        MachineSetUp.Require(Run.Exists("socat"), "socat");
        Assert.SkipUnless(Directory.Exists("/run/libvirt"), "/run/libvirt does not exist to mount a private tmpfs on");
        var root = DemoKit.TempRoot("vl");
        try
        {
            // The notify socket systemd would listen on: a datagram socket vireod sends READY=1 to.
            var notifyPath = Path.Combine(root, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

            var execStart = UnitSettings(File.ReadAllText(UnitFile))["ExecStart"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "libvirt-sockets.sh");
            var r = await Run.ProgramAsync("unshare", ["-m", "--propagation", "private", "bash", script, Vireod.Program, root, notifyPath, .. execStart[1..]],
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(r.ExitCode == 0, r.ToString());
            foreach (var step in new[] { "stale-replaced", "main-process", "plain-virsh", "modes", "second-refused", "sigterm", "virtqemud-refused" })
                Assert.Contains($"STEP {step} ok", r.Stdout);
            Assert.Contains("virsh uri: qemu:///system", r.Stdout);
            if (File.Exists("/usr/sbin/libvirtd")) Assert.Contains("STEP libvirtd-refused ok", r.Stdout);

            // vireod has exited by now: everything it told "systemd" is queued on the socket.
            var messages = new StringBuilder();
            var buffer = new byte[4096];
            while (notify.Available > 0) messages.Append(Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer))).Append('\n');
            Assert.Contains("READY=1", messages.ToString());
            Assert.Contains("STOPPING=1", messages.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>key=value lines of a unit file (sections and comments ignored; a repeated key keeps its last value).</summary>
    private static Dictionary<string, string> UnitSettings(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && l[0] is not ('#' or ';' or '[') && l.Contains('='))
            .Select(l => l.Split('=', 2))
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
