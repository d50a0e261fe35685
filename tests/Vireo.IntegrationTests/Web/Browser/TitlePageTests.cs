namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>A title set with virsh desc reaches the open page through the stream's metadata event.</summary>
[Collection(WebRig.Collection)]
public sealed class TitlePageTests
{
    [Fact]
    public async Task A_title_set_with_virsh_desc_shows_under_the_name_without_a_reload()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.DefineGuestAsync("wttl");
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForTextAsync("#stream-status", "^Live$");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));
        Assert.Equal("", await browser.TextAsync($"{BrowserSession.Row("qemu", name)} td.name .title"));

        await rig.Served.VirshOkAsync("desc", name, "--title", "Build box");
        await browser.WaitForTextAsync($"{BrowserSession.Row("qemu", name)} td.name .title", "^Build box$");
        await rig.Served.VirshOkAsync("desc", name, "--title", "");
        await browser.WaitForGoneAsync($"{BrowserSession.Row("qemu", name)} td.name .title");
        Assert.Empty(browser.ScriptErrors);
    }
}
