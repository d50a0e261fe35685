using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Secrets;

/// <summary>
/// The secret driver through Debian's virsh and python-libvirt against vireod's composition. Every expected
/// line, XML and refusal below was printed by virsh 9.0 against a sandboxed libvirtd 9.0 first.
/// </summary>
public sealed class SecretVirshTests
{
    private const string Persistent = "aaaaaaaa-2222-3333-4444-555555555555";
    private const string Ephemeral = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public async Task Virsh_defines_lists_filters_dumps_sets_gets_and_undefines_secrets_as_libvirtd_does()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var priv = served.WriteFile("priv.xml",
            "<secret ephemeral='no' private='yes'>\n  <description>disk pass &amp; more</description>\n  <usage type='volume'><volume>/var/lib/x.img</volume></usage>\n</secret>\n");
        var created = await served.VirshOkAsync("secret-define", priv);
        Assert.Matches("^Secret [0-9a-f-]{36} created\n\n$", created);
        var privUuid = created["Secret ".Length..(created.IndexOf(" created", StringComparison.Ordinal))];
        Assert.Equal($"Secret {Ephemeral} created\n\n", await served.VirshOkAsync("secret-define", served.WriteFile("eph.xml",
            $"<secret ephemeral='yes' private='no'><uuid>{Ephemeral}</uuid><usage type='ceph'><name>client.admin</name></usage></secret>")));
        Assert.Equal($"Secret {Persistent} created\n\n", await served.VirshOkAsync("secret-define", served.WriteFile("plain.xml", $"<secret><uuid>{Persistent}</uuid></secret>")));

        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Ephemeral] = "ceph client.admin", [Persistent] = "Unused", [privUuid] = "volume /var/lib/x.img",
        };
        Assert.Equal(Table(rows), await served.VirshOkAsync("secret-list"));
        Assert.Equal(Table(new() { [Ephemeral] = "ceph client.admin" }), await served.VirshOkAsync("secret-list", "--ephemeral"));
        Assert.Equal(Table(new() { [Ephemeral] = "ceph client.admin", [Persistent] = "Unused" }), await served.VirshOkAsync("secret-list", "--no-private"));
        Assert.Equal(Table(new() { [privUuid] = "volume /var/lib/x.img" }), await served.VirshOkAsync("secret-list", "--private", "--no-ephemeral"));

        Assert.Equal($"<secret ephemeral='no' private='yes'>\n  <uuid>{privUuid}</uuid>\n  <description>disk pass &amp; more</description>\n" +
            "  <usage type='volume'>\n    <volume>/var/lib/x.img</volume>\n  </usage>\n</secret>\n\n", await served.VirshOkAsync("secret-dumpxml", privUuid));
        Assert.Equal($"<secret ephemeral='yes' private='no'>\n  <uuid>{Ephemeral}</uuid>\n  <usage type='ceph'>\n    <name>client.admin</name>\n  </usage>\n</secret>\n\n",
            await served.VirshOkAsync("secret-dumpxml", Ephemeral));

        Assert.Equal("Secret value set\n\n", await served.VirshOkAsync("secret-set-value", Persistent, "aGVsbG8="));
        Assert.Equal("aGVsbG8=\n", await served.VirshOkAsync("secret-get-value", Persistent));
        Assert.Equal("hello\n", await served.VirshOkAsync("secret-get-value", Persistent, "--plain"));
        Assert.Equal("Secret value set\n\n", await served.VirshOkAsync("secret-set-value", privUuid, "--base64", "c2VjcmV0"));
        Assert.Equal("error: Invalid secret: secret is private", (await served.VirshFailsAsync("secret-get-value", privUuid)).Trim());
        Assert.Equal($"error: Secret not found: secret '{Ephemeral}' does not have a value", (await served.VirshFailsAsync("secret-get-value", Ephemeral)).Trim());

        // The files: a persistent secret's definition and value (0600), nothing for an ephemeral one.
        var dir = Path.Combine(served.RootPath, "lib", "secrets");
        Assert.Equal("aGVsbG8=", File.ReadAllText(Path.Combine(dir, Persistent + ".base64")));
#pragma warning disable CA1416 // Vireo runs on Linux only
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, Persistent + ".base64")));
#pragma warning restore CA1416
        Assert.False(File.Exists(Path.Combine(dir, Ephemeral + ".xml")));

        var dup = await served.VirshFailsAsync("secret-define", served.WriteFile("dup.xml", "<secret><usage type='ceph'><name>client.admin</name></usage></secret>"));
        Assert.Equal($"error: Failed to set attributes from {served.RootPath}/dup.xml\nerror: internal error: a secret with UUID {Ephemeral} already defined for use with client.admin", dup.Trim());

        Assert.Equal($"Secret {Persistent} deleted\n\n", await served.VirshOkAsync("secret-undefine", Persistent));
        Assert.Equal($"error: failed to get secret '{Persistent}'\nerror: Secret not found: no secret with matching uuid '{Persistent}'",
            (await served.VirshFailsAsync("secret-undefine", Persistent)).Trim());
        Assert.False(File.Exists(Path.Combine(dir, Persistent + ".xml")));
        Assert.False(File.Exists(Path.Combine(dir, Persistent + ".base64")));
    }

    [Fact]
    public async Task Persistent_secrets_and_their_values_survive_a_restart_and_ephemeral_ones_do_not()
    {
        VirshRequired.Check();
        using var root = new TempRoot();
        string privUuid;
        await using (var first = await ServeAsync(root.Path))
        {
            var created = await Virsh(first.Uri, "secret-define", Write(root, "p.xml", "<secret private='yes'><usage type='iscsi'><target>iqn.2024-01.x:t</target></usage></secret>"));
            privUuid = created.Split(' ')[1];
            await Virsh(first.Uri, "secret-define", Write(root, "a.xml", $"<secret><uuid>{Persistent}</uuid><description>kept</description></secret>"));
            await Virsh(first.Uri, "secret-define", Write(root, "e.xml", $"<secret ephemeral='yes'><uuid>{Ephemeral}</uuid></secret>"));
            await Virsh(first.Uri, "secret-set-value", Persistent, "a2VwdA==");
            await Virsh(first.Uri, "secret-set-value", privUuid, "cHJpdmF0ZQ==");
            await Virsh(first.Uri, "secret-set-value", Ephemeral, "Z29uZQ==");
        }
        await using var second = await ServeAsync(root.Path);
        var list = await Virsh(second.Uri, "secret-list");
        Assert.Contains($" {Persistent}   Unused", list);
        Assert.Contains($" {privUuid}   iscsi iqn.2024-01.x:t", list);
        Assert.DoesNotContain(Ephemeral, list);
        Assert.Equal("a2VwdA==\n", await Virsh(second.Uri, "secret-get-value", Persistent));
        Assert.Contains("<description>kept</description>", await Virsh(second.Uri, "secret-dumpxml", Persistent));
        // The private value came back too: the daemon itself can read it (as a guest start does), a client cannot.
        Assert.Equal("private"u8.ToArray(), second.Server.Rpc.Secrets!.GetValue(second.Server.Rpc.Secrets.LookupByUuid(Guid.Parse(privUuid)), 0, internalCall: true));
    }

    [Fact]
    public async Task Virsh_secret_event_loops_print_lifecycle_and_value_changed_events()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var file = served.WriteFile("ev.xml", $"<secret><uuid>{Persistent}</uuid></secret>");
        using var lifecycle = Watch(served.Uri, "lifecycle", out var lifecycleOut);
        using var values = Watch(served.Uri, "value-changed", out var valuesOut);
        try
        {
            // virsh says nothing once it has registered: define and undefine until both loops have shown an event.
            await Expect.EventuallyAsync(async () =>
            {
                await served.VirshOkAsync("secret-define", file);
                await served.VirshOkAsync("secret-set-value", Persistent, "eA==");
                await served.VirshOkAsync("secret-undefine", Persistent);
                lock (lifecycleOut) lock (valuesOut) return lifecycleOut.Length > 0 && valuesOut.Length > 0;
            }, ok => ok, "virsh secret-event never printed the probe secret's events");
            lock (lifecycleOut) lifecycleOut.Clear();
            lock (valuesOut) valuesOut.Clear();

            await served.VirshOkAsync("secret-define", file);
            await served.VirshOkAsync("secret-set-value", Persistent, "eQ==");
            await served.VirshOkAsync("secret-undefine", Persistent);
            var expected = $"event 'lifecycle' for secret {Persistent}: Defined\nevent 'lifecycle' for secret {Persistent}: Undefined\n";
            await Expect.EventuallyAsync(() => { lock (lifecycleOut) return Task.FromResult(lifecycleOut.ToString()); }, s => s.Contains(expected, StringComparison.Ordinal),
                "virsh secret-event --event lifecycle printing Defined then Undefined");
            await Expect.EventuallyAsync(() => { lock (valuesOut) return Task.FromResult(valuesOut.ToString()); },
                s => s.Contains($"event 'value-changed' for secret {Persistent}\n", StringComparison.Ordinal), "virsh secret-event --event value-changed");
            lock (valuesOut) Assert.DoesNotContain("lifecycle", valuesOut.ToString());
        }
        finally
        {
            foreach (var p in new[] { lifecycle, values })
            {
                p.Kill();
                await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task Python_libvirt_gets_libvirts_error_codes_and_the_read_only_socket_refuses_changes()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var output = await ProcessRunner.OkAsync("/usr/bin/python3", "-c", PythonScript, served.Uri, $"qemu+unix:///system?socket={ro}");
        Assert.Equal(PythonExpected, output);
    }

    private const string PythonScript = """
        import libvirt, sys
        libvirt.registerErrorHandler(lambda *a: None, None)
        c = libvirt.open(sys.argv[1])
        def t(label, f):
            try:
                print(label, "OK", repr(f()))
            except libvirt.libvirtError as e:
                print(label, "ERR", e.get_error_code(), e.get_error_domain(), e.get_error_message())
        P = 'f7e1e0a9-d510-44e2-a0cd-6ef9509a65ea'
        c.secretDefineXML("<secret private='yes'><uuid>" + P + "</uuid><usage type='volume'><volume>/var/lib/x.img</volume></usage></secret>")
        s = c.secretDefineXML("<secret ephemeral='yes'><uuid>11111111-2222-3333-4444-555555555555</uuid><usage type='ceph'><name>client.admin</name></usage></secret>")
        t("lookup-missing", lambda: c.secretLookupByUUIDString('00000000-0000-0000-0000-000000000001'))
        t("usage-missing", lambda: c.secretLookupByUsage(libvirt.VIR_SECRET_USAGE_TYPE_VOLUME, '/nope'))
        t("usage-ok", lambda: c.secretLookupByUsage(libvirt.VIR_SECRET_USAGE_TYPE_CEPH, 'client.admin').UUIDString())
        t("usageid", lambda: (s.usageType(), s.usageID()))
        t("getval-private", lambda: c.secretLookupByUUIDString(P).value())
        t("getval-novalue", lambda: s.value())
        t("dup-usage-uuid", lambda: c.secretDefineXML("<secret><uuid>11111111-2222-3333-4444-555555555555</uuid><usage type='ceph'><name>other</name></usage></secret>"))
        t("private-change", lambda: c.secretDefineXML("<secret private='no'><uuid>" + P + "</uuid><usage type='volume'><volume>/var/lib/x.img</volume></usage></secret>"))
        t("badroot", lambda: c.secretDefineXML("<foo/>"))
        t("badeph", lambda: c.secretDefineXML("<secret ephemeral='maybe'/>"))
        t("baduuid", lambda: c.secretDefineXML("<secret><uuid>zzz</uuid></secret>"))
        t("notype", lambda: c.secretDefineXML("<secret><usage/></secret>"))
        t("badtype", lambda: c.secretDefineXML("<secret><usage type='bogus'/></secret>"))
        t("missing-vtpm", lambda: c.secretDefineXML("<secret><usage type='vtpm'/></secret>"))
        t("setval", lambda: s.setValue(b'hello\x00world'))
        t("getval", lambda: s.value())
        t("setval-flags", lambda: s.setValue(b'x', 1))
        t("xml-flags", lambda: s.XMLDesc(1))
        t("list-flags", lambda: c.listAllSecrets(16))
        t("num", lambda: c.numOfSecrets())
        t("list", lambda: sorted(c.listSecrets()))
        t("undefine", lambda: s.undefine())
        t("undefine-again", lambda: s.undefine())
        r = libvirt.openReadOnly(sys.argv[2])
        t("ro-list", lambda: [x.UUIDString() for x in r.listAllSecrets()])
        t("ro-xml", lambda: r.secretLookupByUUIDString(P).XMLDesc().splitlines()[0])
        t("ro-define", lambda: r.secretDefineXML("<secret/>"))
        t("ro-getval", lambda: r.secretLookupByUUIDString(P).value())
        """;

    // libvirtd 9.0 printed these (sandboxed, same script), apart from the python-side read-only refusals,
    // which python-libvirt raises before the call leaves the client; vireod refuses the same calls itself too.
    private const string PythonExpected = """
        lookup-missing ERR 66 30 Secret not found: no secret with matching uuid '00000000-0000-0000-0000-000000000001'
        usage-missing ERR 66 30 Secret not found: no secret with matching usage '/nope'
        usage-ok OK '11111111-2222-3333-4444-555555555555'
        usageid OK (2, 'client.admin')
        getval-private ERR 65 30 Invalid secret: secret is private
        getval-novalue ERR 66 30 Secret not found: secret '11111111-2222-3333-4444-555555555555' does not have a value
        dup-usage-uuid ERR 1 30 internal error: a secret with UUID 11111111-2222-3333-4444-555555555555 is already defined for use with client.admin
        private-change ERR 1 30 internal error: cannot change private flag on existing secret
        badroot ERR 27 5 XML error: expecting root element of 'secret', not 'foo'
        badeph ERR 27 30 XML error: invalid value of 'ephemeral'
        baduuid ERR 1 30 internal error: malformed uuid element
        notype ERR 27 30 XML error: unknown secret usage type
        badtype ERR 67 30 unsupported configuration: unknown secret usage type bogus
        missing-vtpm ERR 1 30 internal error: vTPM usage specified, but name is missing
        setval OK 0
        getval OK b'hello\x00world'
        setval-flags ERR 8 30 unsupported flags (0x1) in function secretSetValue
        xml-flags ERR 8 30 unsupported flags (0x1) in function secretGetXMLDesc
        list-flags ERR 8 30 unsupported flags (0x10) in function secretConnectListAllSecrets
        num OK 2
        list OK ['11111111-2222-3333-4444-555555555555', 'f7e1e0a9-d510-44e2-a0cd-6ef9509a65ea']
        undefine OK 0
        undefine-again ERR 66 30 Secret not found: no secret with matching uuid '11111111-2222-3333-4444-555555555555'
        ro-list OK ['f7e1e0a9-d510-44e2-a0cd-6ef9509a65ea']
        ro-xml OK "<secret ephemeral='no' private='yes'>"
        ro-define ERR 29 30 operation forbidden: read only access prevents virSecretDefineXML
        ro-getval ERR 29 30 operation forbidden: read only access prevents virSecretGetValue

        """;

    /// <summary>virsh secret-list's table, with libvirtd's column widths for these rows.</summary>
    private static string Table(SortedDictionary<string, string> rows)
    {
        var width = Math.Max(5, rows.Values.Select(v => v.Length).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.Append(" UUID                                   Usage\n");
        sb.Append(new string('-', 42 + width)).Append('\n');
        foreach (var (uuid, usage) in rows) sb.Append(' ').Append(uuid).Append("   ").Append(usage).Append('\n');
        return sb.Append('\n').ToString();
    }

    private static Process Watch(string uri, string evt, out StringBuilder output)
    {
        var start = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", uri, "secret-event", "--event", evt, "--loop", "--timeout", "120" }) start.ArgumentList.Add(a);
        var p = Process.Start(start)!;
        var sb = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (sb) sb.Append(l).Append('\n'); };
        p.BeginOutputReadLine();
        output = sb;
        return p;
    }

    private static string Write(TempRoot root, string name, string content)
    {
        var path = Path.Combine(root.Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<string> Virsh(string uri, params string[] args)
    {
        var r = await ProcessRunner.RunAsync("virsh", ["-c", uri, .. args]);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>vireod's composition on a root the test keeps, so a second one can start on the same files.</summary>
    private static async Task<Served> ServeAsync(string root)
    {
        var engine = await EmbeddedEngine.StartAsync(DriverKind.Qemu, root, "qemu:///system", new LogLines(), null, CancellationToken.None);
        var socket = Path.Combine(root, "sock");
        await engine.Server.ListenAsync([ListenEndpoint.ReadWrite(socket)], CancellationToken.None);
        return new Served(engine, $"qemu+unix:///system?socket={socket}");
    }

    private sealed record Served(EmbeddedEngine Engine, string Uri) : IAsyncDisposable
    {
        public VireoServer Server => Engine.Server;
        public ValueTask DisposeAsync() => Engine.DisposeAsync();
    }
}
