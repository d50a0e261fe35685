using System.Diagnostics;
using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>
/// The read-only socket refusing every change to the real guest (on the server side: virsh is not told
/// it is read-only), and reads answered while a change waits on the guest's QEMU.
/// </summary>
[Collection(GuestServerCollection.Name)]
public sealed class ReadOnlyAndJobTests(GuestServer s)
{
    private async Task ReadyAsync()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
    }

    [Fact]
    public async Task Read_only_socket_refuses_every_change_with_libvirts_error_and_answers_reads()
    {
        await ReadyAsync();
        var n = s.Name;
        var file = s.XmlFile;
        var off = "rg-ro-" + Guid.NewGuid().ToString("N")[..4]; // virsh itself refuses to start a running guest
        await s.VirshOk("define", await s.WriteFileAsync(off + ".xml", await s.DomainXmlAsync(off, withDevices: false)));
        (string[] Args, string Api, string Failed)[] changes =
        [
            (["suspend", n], "virDomainSuspend", $"Failed to suspend domain '{n}'"),
            (["resume", n], "virDomainResume", $"Failed to resume domain '{n}'"),
            (["shutdown", n], "virDomainShutdown", $"Failed to shutdown domain '{n}'"),
            (["reboot", n], "virDomainReboot", $"Failed to reboot domain '{n}'"),
            (["reset", n], "virDomainReset", $"Failed to reset domain '{n}'"),
            (["destroy", n], "virDomainDestroy", $"Failed to destroy domain '{n}'"),
            (["start", off], "virDomainCreate", $"Failed to start domain '{off}'"),
            (["define", file], "virDomainDefineXML", $"Failed to define domain from {file}"),
            (["create", file], "virDomainCreateXML", $"Failed to create domain from {file}"),
            (["autostart", n], "virDomainSetAutostart", $"Failed to mark domain '{n}' as autostarted"),
            (["undefine", n], "virDomainUndefineFlags", $"Failed to undefine domain '{n}'"),
        ];
        try
        {
            foreach (var (args, api, failed) in changes)
            {
                var r = await Cli.Virsh(s.ReadOnlyUri, args);
                Assert.True(r.ExitCode == 1 && r.Stderr.EndsWith($"error: operation forbidden: read only access prevents {api}\n", StringComparison.Ordinal),
                    $"virsh {string.Join(' ', args)} on the read-only socket: {r}");
                Assert.Contains($"error: {failed}\n", r.Stderr);
            }
            var secure = await Cli.Virsh(s.ReadOnlyUri, "dumpxml", "--security-info", n);
            Assert.Equal(1, secure.ExitCode);
            Assert.Contains("error: operation forbidden: virDomainGetXMLDesc with secure flag", secure.Stderr);

            // Nothing changed, and reads work.
            Assert.Equal("running\n\n", await s.VirshOk("domstate", n));
            Assert.Contains("Autostart:      disable\n", await Cli.VirshOkOn(s.ReadOnlyUri, "dominfo", n));
            Assert.Contains($"<name>{n}</name>", await Cli.VirshOkOn(s.ReadOnlyUri, "dumpxml", n));
            Assert.Matches($@"\n \d+\s+{n}\s+running\n", await Cli.VirshOkOn(s.ReadOnlyUri, "list", "--all"));
            Assert.DoesNotContain("passwd=", await Cli.VirshOkOn(s.ReadOnlyUri, "dumpxml", n));
            Assert.Equal("shut off\n\n", await s.VirshOk("domstate", off));
        }
        finally
        {
            await s.Virsh("undefine", off);
        }
    }

    [Fact]
    public async Task Reads_answer_while_a_suspend_waits_on_a_frozen_qemu()
    {
        await ReadyAsync();
        var pid = QemuPid(s.Name) ?? throw new Xunit.Sdk.XunitException($"no QEMU process for {s.Name}");
        var dom = s.Driver.Registry.GetByUuid(s.Uuid);
        Signal(pid, "STOP"); // QEMU stops answering its monitor: the suspend job waits on it
        Task<Cli.Result> suspend;
        try
        {
            suspend = s.Virsh("suspend", s.Name);
            await Poll.UntilAsync(() => dom.Job.Current is { Operation: "suspend" }, "the suspend job did not start");
            Assert.Contains("State:          running\n", await s.VirshOk("dominfo", s.Name));
            Assert.Equal("running\n\n", await s.VirshOk("domstate", s.Name));
            Assert.Matches($@"\n \d+\s+{s.Name}\s+running\n", await s.VirshOk("list", "--all"));
            Assert.Contains($"<name>{s.Name}</name>", await s.VirshOk("dumpxml", s.Name));
            Assert.Equal(s.Uuid + "\n\n", await s.VirshOk("domuuid", s.Name));
            Assert.Contains("vda", await s.VirshOk("domblklist", s.Name));
            Assert.False(suspend.IsCompleted, "the suspend finished although QEMU was stopped");
        }
        finally
        {
            Signal(pid, "CONT");
        }
        var done = await suspend;
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Equal("paused (user)\n\n", await s.VirshOk("domstate", s.Name, "--reason"));
        await s.VirshOk("resume", s.Name);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The pid of the QEMU process this server started for the guest (found by its -name guest=NAME).</summary>
    private static int? QemuPid(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var args = cmdline.Split('\0');
            if (args[0].Contains("qemu-system", StringComparison.Ordinal) &&
                args.Any(a => a == $"guest={name}" || a.StartsWith($"guest={name},", StringComparison.Ordinal)))
                return pid;
        }
        return null;
    }
}
