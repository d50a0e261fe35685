namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// Changes made outside the page (stock virsh over the libvirt protocol, and the REST API) show on the
/// open page without a reload: new rows, new states, removed rows.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class OutsideChangeTests
{
    [Fact]
    public async Task Virsh_and_the_rest_api_changes_show_on_the_open_page_without_a_reload()
    {
        await using var rig = await WebRig.StartAsync();
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForTextAsync("#stream-status", "^Live$");
        // Set on this document only: a reload would lose it.
        await browser.Page.EvaluateExpressionAsync("window.sameDocument = 'yes'");

        var name = Vireo.IntegrationTests.Support.DemoKit.UniqueName("wox");
        await rig.Served.VirshDefineAsync(name);
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));

        await rig.Served.VirshOkAsync("start", name);
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "running"));

        using (var destroyed = await rig.Http.PostAsync($"/api/v1/domains/qemu/{name}/destroy", null, TestContext.Current.CancellationToken))
            Assert.True(destroyed.IsSuccessStatusCode, $"REST destroy: {(int)destroyed.StatusCode} {await destroyed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));

        await rig.Served.VirshOkAsync("undefine", name);
        await browser.WaitForGoneAsync(BrowserSession.Row("qemu", name));

        Assert.Equal("yes", await browser.Page.EvaluateExpressionAsync<string>("window.sameDocument"));
        Assert.Empty(browser.ScriptErrors);
    }
}
