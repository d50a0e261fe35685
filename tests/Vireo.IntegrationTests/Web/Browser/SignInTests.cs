using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// The page without vireod's cookie asks for the token; a wrong token gets the server's own sentence under
/// the form; the right one signs in and shows the host and the domain table.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class SignInTests
{
    [Fact]
    public async Task The_sign_in_form_refuses_a_wrong_token_with_the_servers_sentence_and_the_right_one_shows_the_table()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.DefineGuestAsync("wsi");
        var browser = rig.Browser;

        await browser.GoToAsync(rig.BaseUrl);
        await browser.WaitForAsync("#signin-form");
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('main').hidden"),
            "the domain list must stay hidden until the page is signed in");

        // What the server says to a wrong token, asked directly; the page must show that sentence.
        using var wrong = await rig.Http.PostAsJsonAsync("/api/v1/session", new { token = "not-the-token" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var sentence = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement
            .GetProperty("error").GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(sentence));

        await browser.TypeIntoAsync("#signin-token", "not-the-token");
        await browser.Page.ClickAsync("#signin-submit");
        await browser.WaitForAsync("#signin-error");
        Assert.Equal(sentence, await browser.TextAsync("#signin-error"));
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('main').hidden"));

        await browser.Page.EvaluateExpressionAsync("document.getElementById('signin-token').value = ''");
        await browser.TypeIntoAsync("#signin-token", rig.Token);
        await browser.Page.ClickAsync("#signin-submit");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('signin').hidden"));

        // The header shows the host the API describes.
        using var host = JsonDocument.Parse(await rig.Http.GetStringAsync("/api/v1/host", TestContext.Current.CancellationToken));
        Assert.Equal(host.RootElement.GetProperty("hostname").GetString(), await browser.TextAsync("#host-name"));
        Assert.Equal($"Vireo {host.RootElement.GetProperty("vireoVersion").GetString()}", await browser.TextAsync("#host-version"));
        await browser.WaitForTextAsync("#stream-status", "^Live$");
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task Opening_the_page_with_the_token_in_the_address_signs_in_and_leaves_the_token_out_of_the_address()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.DefineGuestAsync("wst");
        var browser = rig.Browser;

        await browser.GoToAsync($"{rig.BaseUrl}?token={Uri.EscapeDataString(rig.Token)}");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));
        Assert.Equal(rig.BaseUrl, browser.Page.Url);
        Assert.True(await browser.Page.EvaluateExpressionAsync<bool>("document.getElementById('signin').hidden"));
        Assert.Empty(browser.ScriptErrors);
    }
}
