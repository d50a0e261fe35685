using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>virsh list with every filter, and define/undefine (with flags) around the running TCG guest.</summary>
[Collection(GuestServerCollection.Name)]
public sealed class DomainListAndDefineTests(GuestServer s)
{
    private async Task ReadyAsync()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
    }

    private async Task<string[]> Names(params string[] flags) =>
        (await s.VirshOk(["list", "--name", .. flags])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();

    [Fact]
    public async Task List_filters_pick_the_right_domains_in_every_combination()
    {
        await ReadyAsync();
        var off = "rg-off-" + Guid.NewGuid().ToString("N")[..4];
        var file = await s.WriteFileAsync(off + ".xml", await s.DomainXmlAsync(off, withDevices: false));
        await s.VirshOk("define", file);
        try
        {
            await s.VirshOk("autostart", off);
            string[] run = [s.Name], stopped = [off], both = new[] { s.Name, off }.Order().ToArray(), none = [];
            var cases = new (string[] Flags, string[] Expected)[]
            {
                ([], run), (["--all"], both), (["--inactive"], stopped),
                (["--state-running"], run), (["--state-paused"], none), (["--state-shutoff"], stopped), (["--state-other"], none),
                // virsh turns --state-shutoff into "inactive only" unless --all is given (virsh-domain-list.c).
                (["--state-running", "--state-shutoff"], stopped), (["--all", "--state-running", "--state-shutoff"], both),
                (["--state-paused", "--state-shutoff"], stopped), (["--all", "--state-running", "--state-paused"], run),
                (["--persistent"], run), (["--persistent", "--all"], both), (["--transient"], none), (["--transient", "--all"], none),
                (["--autostart", "--all"], stopped), (["--no-autostart", "--all"], run), (["--autostart"], none),
                (["--inactive", "--autostart"], stopped), (["--inactive", "--no-autostart"], none),
                (["--with-snapshot", "--all"], none), (["--without-snapshot", "--all"], both),
                (["--with-checkpoint", "--all"], none), (["--without-checkpoint", "--all"], both),
                (["--with-managed-save", "--all"], none), (["--without-managed-save", "--all"], both),
                (["--persistent", "--state-running", "--no-autostart", "--without-snapshot"], run),
            };
            foreach (var (flags, expected) in cases)
            {
                var names = await Names(flags);
                Assert.True(expected.SequenceEqual(names), $"virsh list --name {string.Join(' ', flags)}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", names)}]");
            }

            var id = (await s.VirshOk("domid", s.Name)).Trim();
            Assert.Equal(id + "\n\n", await s.VirshOk("list", "--id"));
            var uuids = await s.VirshOk("list", "--uuid", "--all");
            Assert.Contains(s.Uuid.ToString(), uuids);
            Assert.Equal(3, uuids.Split('\n').Length - 1); // two uuids and virsh's blank line
            var table = await s.VirshOk("list", "--all", "--table", "--managed-save");
            Assert.Matches($@"\n {id}\s+{s.Name}\s+running\n", table);
            Assert.Matches($@"\n -\s+{off}\s+shut off\n", table);
            var titled = await s.VirshOk("list", "--title");
            Assert.Matches($@"^ Id\s+Name\s+State\s+Title\n-+\n {id}\s+{s.Name}\s+running\s*\n", titled);

            await s.VirshOk("suspend", s.Name);
            Assert.Equal([s.Name], await Names("--state-paused"));
            Assert.Equal(none, await Names("--state-running"));
            await s.VirshOk("resume", s.Name);
        }
        finally
        {
            await s.Virsh("resume", s.Name);
            await s.Virsh("undefine", off);
        }
    }

    [Fact]
    public async Task Define_validates_and_undefine_flags_make_a_running_guest_transient_until_defined_again()
    {
        await ReadyAsync();
        var extra = "rg-def-" + Guid.NewGuid().ToString("N")[..4];
        var file = await s.WriteFileAsync(extra + ".xml", await s.DomainXmlAsync(extra, withDevices: false));
        Assert.Equal($"Domain '{extra}' defined from {file}\n\n", await s.VirshOk("define", "--validate", file));
        Assert.Equal($"Domain '{extra}' has been undefined\n\n",
            await s.VirshOk("undefine", extra, "--managed-save", "--snapshots-metadata", "--checkpoints-metadata", "--nvram"));
        Assert.Equal(1, (await s.Virsh("domstate", extra)).ExitCode);
        await s.VirshOk("define", file);
        Assert.Equal($"Domain '{extra}' has been undefined\n\n", await s.VirshOk("undefine", "--keep-nvram", extra));

        var bad = await s.WriteFileAsync("bad.xml", "<domain type='qemu'><name>x</name>");
        var r = await s.Virsh("define", bad);
        Assert.Equal(1, r.ExitCode);
        Assert.True(r.Stderr.StartsWith($"error: Failed to define domain from {bad}\nerror: ", StringComparison.Ordinal), r.ToString());
        Assert.Equal(1, (await s.Virsh("domstate", "x")).ExitCode); // nothing was defined

        // Undefining the running guest leaves it running, transient; defining it again (same name and uuid:
        // its own inactive XML) makes it persistent.
        var own = await s.WriteFileAsync(s.Name + "-saved.xml", await s.VirshOk("dumpxml", "--inactive", "--security-info", s.Name));
        Assert.Equal($"Domain '{s.Name}' has been undefined\n\n", await s.VirshOk("undefine", s.Name));
        try
        {
            Assert.Equal([s.Name], await Names("--transient"));
            Assert.Contains("Persistent:     no\n", await s.VirshOk("dominfo", s.Name));
            Assert.Equal("running\n\n", await s.VirshOk("domstate", s.Name));
            // Another uuid under the same name is refused with libvirt's words.
            var clash = await s.Virsh("define", s.XmlFile);
            Assert.Equal((1, $"error: Failed to define domain from {s.XmlFile}\nerror: operation failed: domain '{s.Name}' already exists with uuid {s.Uuid}\n"),
                (clash.ExitCode, clash.Stderr));
        }
        finally
        {
            await s.VirshOk("define", own);
        }
        Assert.Contains("Persistent:     yes\n", await s.VirshOk("dominfo", s.Name));
    }

    [Fact]
    public async Task Autostart_is_marked_and_unmarked()
    {
        await ReadyAsync();
        Assert.Equal($"Domain '{s.Name}' marked as autostarted\n\n", await s.VirshOk("autostart", s.Name));
        Assert.Contains("Autostart:      enable\n", await s.VirshOk("dominfo", s.Name));
        Assert.Equal([s.Name], await Names("--autostart"));
        Assert.Equal($"Domain '{s.Name}' unmarked as autostarted\n\n", await s.VirshOk("autostart", "--disable", s.Name));
        Assert.Contains("Autostart:      disable\n", await s.VirshOk("dominfo", s.Name));
    }
}
