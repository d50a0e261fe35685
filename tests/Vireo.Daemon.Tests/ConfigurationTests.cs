using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Daemon.Tests;

/// <summary>vireod's settings: the INI file, the command line over it, and clear refusals.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Defaults_follow_the_run_directory_and_the_command_line_overrides_the_file()
    {
        var root = DemoKit.TempRoot("vc");
        try
        {
            var conf = Path.Combine(root, "vireod.conf");
            File.WriteAllText(conf, "# comment\nstate_dir = /srv/vireo\nrun_dir = \"/tmp/vireo-run\"\nlisten_libvirt_sockets = yes\n[Snmp]\nAgentX = unix:/var/agentx/master\n");
            var cli = DaemonCommandLine.Parse(["--config", conf, "--state-dir", "/data/vireo"]);
            Assert.Null(cli.Problem);
            var config = DaemonConfiguration.Load(cli);
            var s = DaemonSettings.From(config);
            Assert.Equal("/data/vireo", s.StateDir);
            Assert.Equal("/tmp/vireo-run", s.RunDir);
            Assert.Equal("/tmp/vireo-run/libvirt-sock", s.Socket);
            Assert.Equal("/tmp/vireo-run/libvirt-sock-ro", s.ReadOnlySocket);
            Assert.True(s.ListenLibvirtSockets);
            Assert.Equal(["/tmp/vireo-run/libvirt-sock", "/tmp/vireo-run/libvirt-sock-ro", "/run/libvirt/libvirt-sock", "/run/libvirt/libvirt-sock-ro"],
                s.Endpoints.Select(e => e.Path));
            Assert.Equal([false, true, false, true], s.Endpoints.Select(e => e.ReadOnly));
            Assert.Equal("unix:/var/agentx/master", config["Snmp:AgentX"]);
            Assert.Equal("/data/vireo/qemu/config", s.Layout.QemuPaths.ConfigDir);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Relative_paths_are_made_absolute_against_the_directory_vireod_started_in()
    {
        var cli = DaemonCommandLine.Parse(["--config", "/dev/null", "--state-dir", "st/lib", "--run-dir", "st/run", "--log-dir", "./st/log", "--socket", "s/sock"]);
        Assert.Null(cli.Problem);
        var s = DaemonSettings.From(DaemonConfiguration.Load(cli));
        var cwd = Directory.GetCurrentDirectory();
        Assert.Equal(Path.Combine(cwd, "st/lib"), s.StateDir);
        Assert.Equal(Path.Combine(cwd, "st/run"), s.RunDir);
        Assert.Equal(Path.Combine(cwd, "st/log"), s.LogDir);
        Assert.Equal(Path.Combine(cwd, "s/sock"), s.Socket);
        Assert.Equal(Path.Combine(cwd, "st/run/libvirt-sock-ro"), s.ReadOnlySocket);
        Assert.Equal(Path.Combine(cwd, "st/run/lxc/x"), s.Layout.LxcLayout.DomainRunDir("lxc", "x")); // what the container helper is given
    }

    [Fact]
    public async Task Bad_settings_and_missing_config_files_stop_vireod_with_a_clear_message()
    {
        var root = DemoKit.TempRoot("vc");
        try
        {
            var conf = Path.Combine(root, "bad.conf");
            File.WriteAllText(conf, "listen_libvirt_sockets = maybe\n");
            var bad = await Run.ProgramAsync(Vireod.Program, ["--foreground", "--config", conf]);
            Assert.Equal(1, bad.ExitCode);
            Assert.Equal("vireod: error: The setting listen_libvirt_sockets is 'maybe'; it must be true or false (or 1/0).\n", bad.Stderr);

            var missing = await Run.ProgramAsync(Vireod.Program, ["--foreground", "--config", Path.Combine(root, "none.conf")]);
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal($"vireod: error: The config file {Path.Combine(root, "none.conf")} does not exist.\n", missing.Stderr);

            var unknown = await Run.ProgramAsync(Vireod.Program, ["--bogus"]);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("--bogus", unknown.Stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_socket_another_daemon_answers_on_is_refused_and_a_stale_one_is_replaced()
    {
        var root = DemoKit.TempRoot("vc");
        try
        {
            await using var first = await Vireod.StartAsync(root);
            var other = Path.Combine(root, "second");
            var second = await Run.ProgramAsync(Vireod.Program, Vireod.Args(other, "--socket", first.Socket, "--ro-socket", Path.Combine(root, "ro2")));
            Assert.Equal(1, second.ExitCode);
            Assert.Contains($"vireod: error: Another daemon is listening on {first.Socket}.", second.Stderr);
            Assert.True(await Vireod.AnswersAsync(first.Socket), "the refused daemon disturbed the running one");

            // SIGKILL leaves the socket files behind; the next vireod replaces them.
            Vireod.Signal(first.Pid, "KILL");
            await Poll.UntilAsync(async () => !await Vireod.AnswersAsync(first.Socket), "vireod did not die");
            Assert.True(File.Exists(first.Socket));
            await using var again = await Vireod.StartAsync(root);
            var hostname = await Run.VirshAsync(again.Uri, "hostname");
            Assert.Equal(Environment.MachineName + "\n\n", hostname.Stdout);
            var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(again.Socket);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
            Assert.Equal(0, await again.StopAsync());
            Assert.False(File.Exists(again.Socket), "vireod left its socket behind after SIGTERM");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
