using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Metadata;

/// <summary>
/// virsh desc, virsh metadata and python-libvirt's setMetadata/metadata against vireod with a real running
/// guest, and vireo's same commands. Every answer and refusal is the one a sandboxed libvirtd 9.0 gave for the
/// same command: --live changes only the running definition, --config only the saved one, an element lives
/// under its namespace URI with the key as prefix, a missing item is VIR_ERR_NO_DOMAIN_METADATA (80), and each
/// change sends one METADATA_CHANGE event.
/// </summary>
public sealed class MetadataTests
{
    private const string Ns = "http://example.org/vireo-test";

    [Fact]
    public async Task Desc_and_metadata_change_the_live_and_saved_definitions_as_libvirtd_does()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("meta");

        Assert.Equal(($"No description for domain: {name}\n", $"No description for domain: {name}\n"), await served.BothOkAsync("desc", name));
        Assert.Equal($"No title for domain: {name}\n", await served.VirshOkAsync("desc", name, "--title"));

        // --live: the running definition only; the saved one keeps no description.
        Assert.Equal("Domain description updated successfully\n", await served.VirshOkAsync("desc", name, "--live", "--new-desc", "running", "words"));
        Assert.Equal(("running words\n", "running words\n"), await served.BothOkAsync("desc", name));
        Assert.Equal($"No description for domain: {name}\n", await served.VirshOkAsync("desc", name, "--config"));
        Assert.DoesNotContain("<description>", await served.VirshOkAsync("dumpxml", name, "--inactive"), StringComparison.Ordinal);

        // --config: the saved definition only (written to the store), which the next boot uses.
        Assert.Equal("Domain title updated successfully\n", await served.VireoOkAsync("desc", name, "--title", "--config", "--new-desc", "Saved & <title>"));
        Assert.Equal("Saved & <title>\n", await served.VirshOkAsync("desc", name, "--title", "--config"));
        Assert.Equal($"No title for domain: {name}\n", await served.VirshOkAsync("desc", name, "--title"));
        Assert.Contains("<title>Saved &amp; &lt;title&gt;</title>", File.ReadAllText(ConfigFile(served, name)), StringComparison.Ordinal);

        var refused = await served.VirshFailsAsync("desc", name, "--title", "--new-desc", "two\nlines");
        Assert.Contains("error: metadata title can't contain newlines", refused, StringComparison.Ordinal);

        // An element: stored under its namespace with the key as prefix, read back without it.
        Assert.Equal("Metadata modified\n\n", await served.VirshOkAsync("metadata", name, Ns, "--key", "app", "--set", "<foo a=\"1\"><bar/></foo>", "--live", "--config"));
        Assert.Equal(("<foo a=\"1\">\n  <bar/>\n</foo>\n\n", "<foo a=\"1\">\n  <bar/>\n</foo>\n\n"), await served.BothOkAsync("metadata", name, Ns));
        Assert.Equal("<foo a=\"1\">\n  <bar/>\n</foo>\n\n", await served.VirshOkAsync("metadata", name, Ns, "--config"));
        Assert.Contains($"<app:foo xmlns:app=\"{Ns}\" a=\"1\">\n      <app:bar/>\n    </app:foo>", await served.VirshOkAsync("dumpxml", name), StringComparison.Ordinal);
        // Setting again replaces the URI's element, whatever its key.
        await served.VireoOkAsync("metadata", name, Ns, "--key", "other", "--set", "<baz/>", "--live");
        Assert.Equal("<baz/>\n\n", await served.VirshOkAsync("metadata", name, Ns));
        Assert.Equal("<foo a=\"1\">\n  <bar/>\n</foo>\n\n", await served.VirshOkAsync("metadata", name, Ns, "--config"));

        const string missing = "error: metadata not found: Requested metadata element is not present";
        Assert.Equal(missing, (await served.VirshFailsAsync("metadata", name, "http://example.org/none")).Trim());
        var vireo = await served.VireoAsync("metadata", name, "http://example.org/none");
        Assert.Equal((1, missing), (vireo.ExitCode, vireo.Stderr.Trim()));
        Assert.Equal("error: namespace key is required when modifying metadata", (await served.VirshFailsAsync("metadata", name, Ns, "--set", "<a/>")).Trim());
        Assert.StartsWith("error: (metadata_xml):1: ", (await served.VirshFailsAsync("metadata", name, Ns, "--key", "k", "--set", "<a/><b/>")).Trim(), StringComparison.Ordinal);

        Assert.Equal(("Metadata removed\n\n", "Metadata removed\n\n"), (await served.VirshOkAsync("metadata", name, Ns, "--remove"),
            await served.VireoOkAsync("metadata", name, Ns, "--remove", "--config")));
        Assert.Equal(missing, (await served.VirshFailsAsync("metadata", name, Ns)).Trim());
        Assert.Equal(missing, (await served.VirshFailsAsync("metadata", name, Ns, "--config")).Trim());

        // After a restart the guest runs its saved definition: the title set with --config, no description.
        await served.VirshOkAsync("destroy", name);
        Assert.Equal("Saved & <title>\n", await served.VirshOkAsync("desc", name, "--title"));
        Assert.Equal("error: Failed to set new domain description\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("desc", name, "--live", "--new-desc", "x")).Trim());
        await served.VirshOkAsync("start", name);
        Assert.Equal("Saved & <title>\n", await served.VirshOkAsync("desc", name, "--title"));
        Assert.Equal($"No description for domain: {name}\n", await served.VirshOkAsync("desc", name));
    }

    [Fact]
    public async Task Python_libvirt_gets_one_metadata_change_event_per_call_and_read_only_may_read_but_not_write()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("metaev");
        // The callback runs on libvirt's default event loop; the script drives it until each event arrived.
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open('{{served.Uri}}')
            d = c.lookupByName('{{name}}')
            seen = []
            c.domainEventRegisterAny(d, libvirt.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, lambda conn, dom, mtype, nsuri, opaque: seen.append((dom.name(), mtype, nsuri)), None)
            def wait(n):
                while len(seen) < n:
                    libvirt.virEventRunDefaultImpl()
            d.setMetadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, 'both', None, None, libvirt.VIR_DOMAIN_AFFECT_LIVE | libvirt.VIR_DOMAIN_AFFECT_CONFIG)
            wait(1)
            d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '<x/>', 'k', '{{Ns}}', libvirt.VIR_DOMAIN_AFFECT_CONFIG)
            wait(2)
            print(seen)
            print(d.metadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, libvirt.VIR_DOMAIN_AFFECT_CONFIG), d.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '{{Ns}}', libvirt.VIR_DOMAIN_AFFECT_CONFIG))
            for f in (lambda: d.metadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, '{{Ns}}', 0),
                      lambda: d.metadata(7, None, 0),
                      lambda: d.setMetadata(0, 'x', None, None, 8)):
                try:
                    f()
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            ro = libvirt.openReadOnly('{{served.Uri}}').lookupByName('{{name}}')
            print(ro.metadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, 0))
            try:
                ro.setMetadata(libvirt.VIR_DOMAIN_METADATA_TITLE, 't', None, None, 0)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            $"[('{name}', 0, None), ('{name}', 2, '{Ns}')]\n" +
            "both <x/>\n" +
            "80 20 metadata not found: Requested metadata element is not present\n" +
            "8 20 invalid argument: unknown metadata type '7'\n" +
            "8 10 unsupported flags (0x8) in function qemuDomainSetMetadata\n" +
            "both\n" +
            "29 operation forbidden: read only access prevents virDomainSetMetadata\n", r.Stdout);
    }

    private static string ConfigFile(ServedEngine served, string name) => Path.Combine(served.Paths.ConfigDir, name + ".xml");
}
