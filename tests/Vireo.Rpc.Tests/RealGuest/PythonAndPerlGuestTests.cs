using System.Text.RegularExpressions;
using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>python3-libvirt and Perl Sys::Virt, unmodified, driving real QEMU guests through the server.</summary>
[Collection(GuestServerCollection.Name)]
public sealed class PythonAndPerlGuestTests(GuestServer s)
{
    private static async Task<bool> Works(string program, params string[] args) =>
        Cli.Exists(program) && (await Cli.RunAsync(program, args)).ExitCode == 0;

    [Fact]
    public async Task Python_libvirt_defines_starts_inspects_destroys_and_undefines_a_guest_and_gets_its_events()
    {
        MachineSetUp.Require(await Works("/usr/bin/python3", "-c", "import libvirt"), "python-libvirt for /usr/bin/python3 (package python3-libvirt)");
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
        var name = "rg-py-" + Guid.NewGuid().ToString("N")[..4];
        var xml = await s.WriteFileAsync(name + ".xml", await s.DomainXmlAsync(name, withDevices: false));
        var r = await Cli.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Scripts", "guest_lifecycle.py"), s.Uri, xml, s.Name],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(new Regex(
            "^type QEMU\n" +
            "running listed True\n" +
            $"defined {name} -1 1\n" +
            @"info 1 262144 262144 1\n" +
            "id positive True\n" +
            "xml True True\n" +
            "lookups True True\n" +
            @"state \[5, 2\]\n" +
            "error 55 20 Requested operation is not valid: domain is not running\n" +
            $"error 42 10 Domain not found: no domain with matching name 'nosuch-{name}'\n" +
            "undefined in time True\n" +
            // libvirt's order for a QEMU guest: defined; resumed then started; shutdown (host request) then stopped (destroyed); undefined
            $"event {name} 0 0\n" +
            $"event {name} 4 0\n" +
            $"event {name} 2 0\n" +
            $"event {name} 6 2\n" +
            $"event {name} 5 1\n" +
            $"event {name} 1 0\n$").IsMatch(r.Stdout), r.ToString());
    }

    [Fact]
    public async Task Perl_sys_virt_reads_and_pauses_the_running_guest()
    {
        MachineSetUp.Require(await Works("perl", "-MSys::Virt", "-e", "1"), "Perl Sys::Virt (libsys-virt-perl)");
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
        const string script = """
            use strict; use Sys::Virt;
            my $c = Sys::Virt->new(uri => $ARGV[0]);
            print "type ", $c->get_type(), "\n";
            print "hostname ", $c->get_hostname(), "\n";
            print "listed ", (grep { $_->get_name() eq $ARGV[1] } $c->list_all_domains()) ? 1 : 0, "\n";
            my $d = $c->get_domain_by_name($ARGV[1]);
            my $i = $d->get_info();
            print "info $i->{state} $i->{maxMem} $i->{nrVirtCpu}\n";
            print "uuid ", $d->get_uuid_string(), "\n";
            print "xml ", ($d->get_xml_description() =~ /<name>\Q$ARGV[1]\E<\/name>/ ? 1 : 0), "\n";
            $d->suspend();
            my ($st, $reason) = $d->get_state();
            print "state $st $reason\n";
            $d->resume();
            ($st, $reason) = $d->get_state();
            print "state $st $reason\n";
            eval { $c->get_domain_by_name("nosuch"); };
            print "error ", $@->code(), " ", $@->message(), "\n";
            """;
        var r = await Cli.RunAsync("perl", ["-e", script, s.Uri, s.Name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "type QEMU\n" +
            $"hostname {Environment.MachineName}\n" +
            "listed 1\n" +
            "info 1 262144 1\n" +
            $"uuid {s.Uuid}\n" +
            "xml 1\n" +
            "state 3 1\n" +
            "state 1 5\n" +
            "error 42 Domain not found: no domain with matching name 'nosuch'\n", r.Stdout);
    }
}
