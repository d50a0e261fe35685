using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// Errors show the server's own sentence (never a bare status code): malformed XML in the Define dialog
/// (the dialog stays open with the message), and a start that fails in the error banner, which can be
/// dismissed. Good XML in the dialog defines the domain, and Undefine (confirmed) removes it.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class DefineAndErrorTests
{
    private const string Malformed = "<domain type='qemu'><name>broken</name>";

    [Fact]
    public async Task Define_shows_the_servers_sentence_for_malformed_xml_and_defines_good_xml_which_undefine_removes()
    {
        await using var rig = await WebRig.StartAsync();
        var browser = rig.Browser;
        await rig.SignInAsync();
        var expected = await rig.ErrorMessageAsync(HttpMethod.Post, "/api/v1/domains/qemu", Malformed, "application/xml");

        await browser.Page.ClickAsync("#define-open");
        await browser.WaitForAsync("#define-xml");
        await browser.TypeIntoAsync("#define-xml", Malformed);
        await browser.Page.ClickAsync("#define-submit");
        await browser.WaitForAsync("#define-error");
        Assert.Equal(expected, await browser.TextAsync("#define-error"));
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('define-dialog').open"),
            "the dialog stays open so the XML can be corrected");

        // The kit's XML is long: it is put in the textarea at once rather than typed key by key.
        var name = DemoKit.UniqueName("wdf");
        await browser.Page.EvaluateFunctionAsync("x => { document.getElementById('define-xml').value = x; }", DemoKit.DomainXml(name));
        await browser.Page.ClickAsync("#define-submit");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));
        Assert.False(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('define-dialog').open"));
        Assert.Contains(name, await rig.Served.VirshOkAsync("list", "--all", "--name"));

        // XML shows the domain's definition read-only; the autostart box sets what virsh reads back.
        await browser.ClickActionAsync("qemu", name, "xml");
        await browser.WaitForTextAsync("#xml-text", $"<name>{name}</name>");
        await browser.Page.ClickAsync("#xml-close");
        await browser.WaitForHiddenAsync("#xml-dialog");
        await browser.ClickActionAsync("qemu", name, "autostart");
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name)} [data-action=\"autostart\"]:checked:not([disabled])");
        Assert.Matches(@"Autostart:\s+enable", await rig.Served.VirshOkAsync("dominfo", name));

        await browser.ClickActionAsync("qemu", name, "undefine");
        await browser.WaitForGoneAsync(BrowserSession.Row("qemu", name));
        Assert.Contains(browser.Confirms, m => m.StartsWith($"Undefine {name}?", StringComparison.Ordinal));
        Assert.DoesNotContain(name, await rig.Served.VirshOkAsync("list", "--all", "--name"));
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_start_that_fails_shows_the_servers_sentence_in_a_banner_that_can_be_dismissed()
    {
        await using var rig = await WebRig.StartAsync();
        var browser = rig.Browser;
        // A guest whose kernel file does not exist: defining it works, starting it cannot.
        var missing = Path.Combine(rig.Served.RootPath, "no-such-kernel");
        var name = await rig.Served.DefineGuestAsync("wer",
            xml => xml.Replace("/var/lib/vireo/images/vmlinuz-cloud", missing, StringComparison.Ordinal));
        await rig.SignInAsync();
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));

        await browser.ClickActionAsync("qemu", name, "start");
        await browser.WaitForAsync("#error-banner");
        var shown = await browser.TextAsync("#error-banner .banner-text");
        Assert.Equal("alert", await browser.Page.EvaluateExpressionAsync<string>("document.getElementById('error-banner').getAttribute('role')"));
        // The same start through the API fails with the same sentence (the guest is still shut off).
        Assert.Equal(await rig.ErrorMessageAsync(HttpMethod.Post, $"/api/v1/domains/qemu/{name}/start"), shown);
        Assert.Equal("shut off", await browser.TextAsync($"{BrowserSession.Row("qemu", name)} .badge"));

        await browser.Page.ClickAsync("#error-banner .banner-dismiss");
        await browser.WaitForHiddenAsync("#error-banner");
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('error-banner').hidden"));
        Assert.Empty(browser.ScriptErrors);
    }
}
