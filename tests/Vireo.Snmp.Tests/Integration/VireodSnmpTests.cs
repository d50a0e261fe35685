using System.Globalization;
using Vireo.Cli.Tests.Support;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Integration;

/// <summary>
/// The shipped daemon, end to end: Debian's snmpd as AgentX master (loopback, temp socket) with snmptrapd as its
/// trap sink, the real vireod program turned on by its --agentx option or by the [Snmp] section of its config
/// file, Debian's virsh defining and starting the demo kit's TCG guest through vireod's socket, and
/// snmpget/snmpwalk/snmpset with numeric OIDs. Nothing here calls Vireo code in-process.
/// </summary>
public sealed class VireodSnmpTests
{
    private const string Table = ".1.3.6.1.4.1.36957.1.1";
    private const string Entry = Table + ".1";
    private const int MemoryMiB = 256;
    private const int Vcpus = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Vireod_agentx_option_serves_a_virsh_started_tcg_guest_and_snmpd_traps_its_define_start_destroy_and_undefine()
    {
        await using var rig = await Rig.StartAsync("vsva", configText: "# test: defaults only\n", agentxOption: true);
        await rig.Vireod.WaitForOutputAsync("(SET disabled)", Ct);

        var mark = rig.TrapMark();
        Assert.StartsWith($"Domain '{rig.Name}' defined from ", await rig.VirshOk("define", rig.Xml));
        await rig.ReadUuidAsync();
        await rig.AwaitState(5);
        await rig.AwaitTrap(mark, state: 5, rowStatus: 2);

        mark = rig.TrapMark();
        Assert.Equal($"Domain '{rig.Name}' started\n\n", await rig.VirshOk("start", rig.Name));
        await rig.AwaitState(1);
        await rig.AwaitTrap(mark, state: 1, rowStatus: 1);

        // What virsh says about the guest, and what SNMP says: the same CPU count and memory.
        var info = await rig.VirshOk("dominfo", rig.Name);
        Assert.Contains($"CPU(s):         {Vcpus}\n", info);
        Assert.Contains($"Max memory:     {MemoryMiB * 1024} KiB\n", info);
        Assert.Contains($"Used memory:    {MemoryMiB * 1024} KiB\n", info);
        var cells = await rig.Get($"{Entry}.2.{rig.Index}", $"{Entry}.3.{rig.Index}", $"{Entry}.4.{rig.Index}",
            $"{Entry}.5.{rig.Index}", $"{Entry}.6.{rig.Index}", $"{Entry}.9.{rig.Index}");
        Assert.Equal(
        [
            $"{Entry}.2.{rig.Index} = STRING: \"{rig.Name}\"",
            $"{Entry}.3.{rig.Index} = INTEGER: 1",
            $"{Entry}.4.{rig.Index} = Gauge32: {Vcpus}",
            $"{Entry}.5.{rig.Index} = Gauge32: {MemoryMiB}",
            $"{Entry}.6.{rig.Index} = Gauge32: {MemoryMiB}",
            $"{Entry}.9.{rig.Index} = INTEGER: 1",
        ], cells.Lines);

        // The guest's CPU time grows past zero (the table is refreshed every 5 s); then a plain walk of the table
        // shows exactly this guest's seven columns, in column order.
        await NetSnmp.PollAsync(() => rig.Get($"{Entry}.7.{rig.Index}"), r => CpuTime(r) > 0, "the guest's CPU time over SNMP", Ct);
        var walk = await rig.Snmp.RunAsync("snmpwalk", "public", ["-On"], [Table], Ct);
        Assert.Equal(0, walk.ExitCode);
        Assert.Equal(["2", "3", "4", "5", "6", "7", "9"], walk.Lines.Select(l => Column(l, rig.Index)));
        Assert.Contains($"{Entry}.4.{rig.Index} = Gauge32: {Vcpus}", walk.Lines);
        Assert.Contains($"{Entry}.5.{rig.Index} = Gauge32: {MemoryMiB}", walk.Lines);

        // SET is off unless the config turns it on: even snmpd's read-write community is refused, and the guest runs on.
        var set = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.3.{rig.Index}", "i", "3"], Ct);
        Assert.Contains("notWritable", set.Stdout + set.Stderr);
        Assert.Equal("running\n\n", await rig.VirshOk("domstate", rig.Name));

        mark = rig.TrapMark();
        Assert.Equal($"Domain '{rig.Name}' destroyed\n\n", await rig.VirshOk("destroy", rig.Name));
        await rig.AwaitState(5);
        await rig.AwaitTrap(mark, state: 5, rowStatus: 2);
        Assert.Null(DemoKit.QemuPid(rig.Name));

        mark = rig.TrapMark();
        Assert.Equal($"Domain '{rig.Name}' has been undefined\n\n", await rig.VirshOk("undefine", rig.Name));
        await NetSnmp.PollAsync(() => rig.Get($"{Entry}.2.{rig.Index}"), r => r.Stdout.Contains("No Such Instance"), "the row to go", Ct);
        await rig.AwaitTrap(mark, state: 5, rowStatus: 6);

        await rig.StopVireodAndCheckNothingIsLeftAsync();
    }

    [Fact]
    public async Task Vireod_config_file_Snmp_section_turns_the_subagent_on_and_AllowSet_lets_snmpset_start_pause_and_destroy_a_virsh_defined_guest()
    {
        await using var rig = await Rig.StartAsync("vsvc", configText: null, agentxOption: false);
        await rig.Vireod.WaitForOutputAsync("(SET enabled)", Ct);

        await rig.VirshOk("define", rig.Xml);
        await rig.ReadUuidAsync();
        await rig.AwaitState(5);

        // RowStatus createAndGo(4) starts the stopped guest (snmpd's private community is read-write).
        var mark = rig.TrapMark();
        var start = await rig.Snmp.RunAsync("snmpset", "private", ["-On"], [$"{Entry}.9.{rig.Index}", "i", "4"], Ct);
        Assert.Equal($"{Entry}.9.{rig.Index} = INTEGER: 4", start.Stdout.Trim());
        await rig.AwaitVirshState("running");
        await rig.AwaitState(1);
        await rig.AwaitTrap(mark, state: 1, rowStatus: 1);
        Assert.NotNull(DemoKit.QemuPid(rig.Name));
        var cells = await rig.Get($"{Entry}.4.{rig.Index}", $"{Entry}.6.{rig.Index}");
        Assert.Equal([$"{Entry}.4.{rig.Index} = Gauge32: {Vcpus}", $"{Entry}.6.{rig.Index} = Gauge32: {MemoryMiB}"], cells.Lines);

        // State paused(3) pauses it.
        mark = rig.TrapMark();
        var pause = await rig.Snmp.RunAsync("snmpset", "private", ["-On"], [$"{Entry}.3.{rig.Index}", "i", "3"], Ct);
        Assert.Equal($"{Entry}.3.{rig.Index} = INTEGER: 3", pause.Stdout.Trim());
        await rig.AwaitVirshState("paused");
        await rig.AwaitTrap(mark, state: 3, rowStatus: 1);

        // A value outside the enumeration is refused and changes nothing.
        var bad = await rig.Snmp.RunAsync("snmpset", "private", [], [$"{Entry}.3.{rig.Index}", "i", "9"], Ct);
        Assert.Contains("wrongValue", bad.Stdout + bad.Stderr);
        Assert.Equal("paused\n\n", await rig.VirshOk("domstate", rig.Name));

        // RowStatus destroy(6) powers it off; the definition stays.
        mark = rig.TrapMark();
        var destroy = await rig.Snmp.RunAsync("snmpset", "private", ["-On"], [$"{Entry}.9.{rig.Index}", "i", "6"], Ct);
        Assert.Equal($"{Entry}.9.{rig.Index} = INTEGER: 6", destroy.Stdout.Trim());
        await rig.AwaitVirshState("shut off");
        await rig.AwaitState(5);
        await rig.AwaitTrap(mark, state: 5, rowStatus: 2);
        await NetSnmp.PollAsync(() => DemoKit.QemuPid(rig.Name) is null, "the guest's QEMU process to end", Ct);

        await rig.VirshOk("undefine", rig.Name);
        await rig.StopVireodAndCheckNothingIsLeftAsync();
    }

    private static string Column(string walkLine, string index)
    {
        var oid = walkLine.Split(' ', 2)[0];
        Assert.StartsWith(Entry + ".", oid);
        Assert.EndsWith("." + index, oid);
        return oid[(Entry.Length + 1)..^(index.Length + 1)];
    }

    private static ulong CpuTime(NetSnmp.ToolResult r)
    {
        var text = r.Stdout.Split("Counter64: ", 2);
        return text.Length == 2 && ulong.TryParse(text[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns : 0;
    }

    /// <summary>snmpd + snmptrapd, vireod on a temp layout connected to them, and the name of the test's guest.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(NetSnmp snmp, TempDir root, string name)
        {
            Snmp = snmp;
            Root = root;
            Name = name;
            Xml = GuestKit.WriteDomainXml(root.Path, name, MemoryMiB, Vcpus);
        }

        public NetSnmp Snmp { get; }
        public TempDir Root { get; }
        public VireodProcess Vireod { get; private set; } = null!;
        public string Name { get; }
        public string Xml { get; }
        public Guid Uuid { get; private set; }
        public string Index => string.Join('.', LibvirtMib.IndexBytes(Uuid));

        /// <summary>
        /// Starts the daemons and vireod, with SNMP turned on by <c>--agentx</c> (<paramref name="agentxOption"/>) or by
        /// the config file (<paramref name="configText"/> null: an [Snmp] section with AgentX and AllowSet = true).
        /// Returns once vireod has registered with snmpd.
        /// </summary>
        public static async Task<Rig> StartAsync(string prefix, string? configText, bool agentxOption)
        {
            var missing = NetSnmp.Missing() ?? (File.Exists(GuestKit.Virsh) ? null : "Debian's virsh is not installed (package libvirt-clients).");
            MachineSetUp.RequireNothingMissing(missing);
            var snmp = await NetSnmp.StartAsync(Ct);
            var rig = new Rig(snmp, new TempDir(prefix), prefix + "-" + Guid.NewGuid().ToString("N")[..6]);
            try
            {
                var agentx = "unix:" + snmp.AgentXSocket;
                configText ??= $"""
                    # vireod.conf written by VireodSnmpTests: SNMP from the config file alone
                    [Snmp]
                    AgentX = {agentx}
                    AllowSet = true
                    """;
                rig.Vireod = await VireodProcess.StartAsync(rig.Root.Path, configText, agentxOption ? ["--agentx", agentx] : [], Ct);
                await rig.Vireod.WaitForOutputAsync($"AgentX subagent registered {Table} with the master at {agentx}", Ct);
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        public async Task<string> VirshOk(params string[] args)
        {
            var r = await GuestKit.VirshAsync(Vireod.Uri, Ct, args);
            Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
            return r.Stdout;
        }

        public async Task ReadUuidAsync() => Uuid = Guid.Parse((await VirshOk("domuuid", Name)).Trim());

        public Task AwaitVirshState(string state) =>
            NetSnmp.PollAsync(() => GuestKit.VirshAsync(Vireod.Uri, Ct, "domstate", Name), r => r.Stdout == state + "\n\n", $"virsh domstate to say {state}", Ct, seconds: 60);

        public Task<NetSnmp.ToolResult> Get(params string[] oids) => Snmp.RunAsync("snmpget", "public", ["-On"], oids, Ct);

        public Task<NetSnmp.ToolResult> AwaitState(int state) =>
            NetSnmp.PollAsync(() => Get($"{Entry}.3.{Index}"), r => r.Stdout.Contains($"= INTEGER: {state}"), $"guest state {state} over SNMP", Ct);

        /// <summary>Where the trap log ends now: a later AwaitTrap looks only at what snmptrapd logs after it.</summary>
        public int TrapMark() => Snmp.TrapLogText().Length;

        public Task AwaitTrap(int mark, int state, int rowStatus) =>
            NetSnmp.PollAsync(() => Snmp.TrapLogText()[mark..].Split('\n').Any(l =>
                    l.Contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.36957.0.1", StringComparison.Ordinal)
                    && l.Contains($"{Entry}.2.0 = STRING: \"{Name}\"", StringComparison.Ordinal)
                    && l.Contains($"{Entry}.1.0 = Hex-STRING: {string.Join(' ', LibvirtMib.IndexBytes(Uuid).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}", StringComparison.Ordinal)
                    && l.Contains($"{Entry}.3.0 = INTEGER: {state}", StringComparison.Ordinal)
                    && l.Contains($"{Entry}.9.0 = INTEGER: {rowStatus}", StringComparison.Ordinal)),
                $"snmptrapd to log {Name} with state {state} and row status {rowStatus}", Ct);

        /// <summary>
        /// SIGTERM as systemd sends it: vireod exits 0 after closing its AgentX session, snmpd no longer routes the
        /// subtree, and no process started under the test's root (a QEMU guest, a helper) outlives it.
        /// </summary>
        public async Task StopVireodAndCheckNothingIsLeftAsync()
        {
            Assert.Equal(0, await Vireod.StopAsync(Ct));
            Assert.Matches(@"AgentX session \d+ closed\.", Vireod.Output);
            await NetSnmp.PollAsync(() => Get($"{Entry}.2.{Index}"), r => r.Stdout.Contains("No Such Object"), "snmpd to drop the subtree", Ct);
            Assert.Null(DemoKit.QemuPid(Name));
            Assert.Empty(ProcessesMentioning(Root.Path));
        }

        private static List<int> ProcessesMentioning(string text)
        {
            var found = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal)) found.Add(pid);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return found;
        }

        public async ValueTask DisposeAsync()
        {
            // After a failure: take the guest down through vireod while it still runs, then make sure nothing of ours is left.
            if (Vireod is { HasExited: false })
            {
                await GuestKit.VirshAsync(Vireod.Uri, CancellationToken.None, "destroy", Name);
                await GuestKit.VirshAsync(Vireod.Uri, CancellationToken.None, "undefine", Name);
            }
            if (Vireod is not null) await Vireod.DisposeAsync();
            if (DemoKit.QemuPid(Name) is { } qemu) Posix.Kill(qemu, 9);
            await Snmp.DisposeAsync();
            Root.Dispose();
        }
    }
}
