using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// Managed save from the page on a real TCG guest: Save turns the row "shut off" with a "saved" badge (virsh
/// agrees: shut off (saved), Managed save: yes), Start restores it (running (restored), the guest's memory
/// kept), and "Discard saved state" removes the image.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class SaveFromPageTests
{
    private static string Button(string name, string action) =>
        $"{BrowserSession.Row("qemu", name)} [data-action=\"{action}\"]:not([disabled])";

    [Fact]
    public async Task Save_shows_saved_start_restores_the_guest_and_discard_removes_the_image()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.StartGuestAsync("wsav");
        await using (var console = await rig.Served.ReadyConsoleAsync(name))
            await console.RunAsync("echo kept-web > /tmp/marker");
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "running"));

        await browser.ClickActionAsync("qemu", name, "save");
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "shut off")}[data-saved=\"true\"] .badge.saved");
        Assert.Equal("saved", await browser.TextAsync($"{BrowserSession.Row("qemu", name)} .badge.saved"));
        Assert.Equal("shut off (saved)", (await rig.Served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Contains("Managed save:   yes", await rig.Served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await browser.WaitForAsync(Button(name, "discard-saved")); // offered only while an image waits

        await browser.ClickActionAsync("qemu", name, "start");
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "running")}[data-saved=\"false\"]");
        Assert.Equal("running (restored)", (await rig.Served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal("running (restored)", await browser.Page.EvaluateFunctionAsync<string>(
            "s => document.querySelector(s).title", $"{BrowserSession.Row("qemu", name)} .badge"));
        await using (var console = await rig.Served.ConsoleAsync(name))
            Assert.Equal("kept-web\n", await console.RunAsync("cat /tmp/marker")); // restored, not booted afresh

        // Save again, then discard the image: the next start would boot afresh.
        await browser.ClickActionAsync("qemu", name, "save");
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "shut off")}[data-saved=\"true\"]");
        await browser.ClickActionAsync("qemu", name, "discard-saved");
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "shut off")}[data-saved=\"false\"]");
        Assert.Contains(browser.Confirms, m => m.StartsWith($"Discard the saved state of {name}?", StringComparison.Ordinal));
        Assert.Contains("Managed save:   no", await rig.Served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        Assert.Equal("", await browser.TextAsync($"{BrowserSession.Row("qemu", name)} .badge.saved"));
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_managedsave_made_with_virsh_shows_saved_on_the_open_page()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.StartGuestAsync("wsvx");
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForTextAsync("#stream-status", "^Live$");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "running"));

        await rig.Served.VirshOkAsync("managedsave", name); // the stopped/saved event updates the row
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "shut off")}[data-saved=\"true\"] .badge.saved");
        await rig.Served.VirshOkAsync("start", name); // the started/restored event
        await browser.WaitForAsync($"{BrowserSession.Row("qemu", name, "running")}[data-saved=\"false\"]");
        Assert.Empty(browser.ScriptErrors);
    }
}
