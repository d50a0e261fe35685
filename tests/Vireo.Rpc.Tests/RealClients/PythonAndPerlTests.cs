using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealClients;

/// <summary>python3-libvirt and Perl Sys::Virt, unmodified, against our server.</summary>
public sealed class PythonAndPerlTests
{
    private static async Task<bool> Works(string program, params string[] args) =>
        Cli.Exists(program) && (await Cli.RunAsync(program, args)).ExitCode == 0;

    [Fact]
    public async Task Python_libvirt_runs_a_lifecycle_and_receives_events()
    {
        MachineSetUp.Require(await Works("/usr/bin/python3", "-c", "import libvirt"), "python-libvirt for /usr/bin/python3 (package python3-libvirt)");
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        var xml = Path.Combine(Path.GetDirectoryName(s.SocketPath)!, "py1.xml");
        await File.WriteAllTextAsync(xml, Domains.Xml("py1", Guid.NewGuid(), memoryMiB: 512, vcpus: 2), TestContext.Current.CancellationToken);
        var r = await Cli.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Scripts", "lifecycle.py"), s.Uri, xml]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "domains ['test']\n" +
            "defined py1 -1\n" +
            "info 1 524288 2\n" +
            "id True\n" +
            "xml has name True\n" +
            "control [0, 0, 0]\n" +
            "state [5, 2]\n" +
            "error 55 20 Requested operation is not valid: domain is not running\n" +
            "renamed py2 ['py2']\n" +
            "event py1 0 0\n" +
            "event py1 2 0\n" +
            "event py1 5 1\n" +
            "event py1 1 1\n" +
            "event py2 0 2\n" +
            "event py2 1 0\n", r.Stdout);
        Assert.Contains("libvirt: Domain Config error : Requested operation is not valid: domain is not running", r.Stderr);
    }

    [Fact]
    public async Task Perl_sys_virt_reads_and_controls_domains()
    {
        MachineSetUp.Require(await Works("perl", "-MSys::Virt", "-e", "1"), "Perl Sys::Virt (libsys-virt-perl)");
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        const string script = """
            use strict; use Sys::Virt;
            my $c = Sys::Virt->new(uri => $ARGV[0]);
            print "type ", $c->get_type(), "\n";
            print "domains ", join(",", sort map { $_->get_name() } $c->list_all_domains()), "\n";
            my $d = $c->get_domain_by_name("test");
            my $i = $d->get_info();
            print "info $i->{state} $i->{maxMem} $i->{nrVirtCpu}\n";
            $d->suspend();
            my ($st, $reason) = $d->get_state();
            print "state $st $reason\n";
            $d->resume();
            eval { $c->get_domain_by_name("nosuch"); };
            print "error ", $@->code(), " ", $@->message(), "\n";
            """;
        var r = await Cli.RunAsync("perl", ["-e", script, s.Uri]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "type TEST\n" +
            "domains test\n" +
            "info 1 8388608 2\n" +
            "state 3 1\n" +
            "error 42 Domain not found: no domain with matching name 'nosuch'\n", r.Stdout);
    }
}
