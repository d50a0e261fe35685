using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// A real guest (the kit's kernel under QEMU/TCG) run from the page: Start turns its row "running" (the
/// event stream updates it), the console panel shows the boot output and answers typed commands, Suspend and
/// Resume pause and continue it, and Destroy
/// (confirmed) turns the row "shut off" and ends the console with the server's reason.
/// </summary>
[Collection(WebRig.Collection)]
public sealed class GuestLifecycleTests
{
    [Fact]
    public async Task Start_console_and_destroy_from_the_page_drive_the_real_guest()
    {
        await using var rig = await WebRig.StartAsync();
        var name = await rig.Served.DefineGuestAsync("wlc");
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));

        await browser.ClickActionAsync("qemu", name, "start");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "running"));
        Assert.Equal("running\n\n", await rig.Served.VirshOkAsync("domstate", name));
        Assert.Equal("running", await browser.TextAsync($"{BrowserSession.Row("qemu", name)} .badge"));

        await browser.ClickActionAsync("qemu", name, "console");
        await browser.WaitForTextAsync("#console-output", @"VIREO-GUEST-READY uptime=[0-9.]+", ConsoleReader.BootTimeout);
        await browser.WaitForTextAsync("#console-output", @"VIREO-GUEST-READY[\s\S]*vireo-guest# ", ConsoleReader.BootTimeout);

        // $RANDOM is expanded by the guest's shell: the answer line can only come from the guest.
        await browser.TypeIntoAsync("#console-output", "echo hi-$RANDOM");
        await browser.Page.Keyboard.PressAsync("Enter");
        await browser.WaitForTextAsync("#console-output", @"vireo-guest# echo hi-\$RANDOM");
        await browser.WaitForTextAsync("#console-output", @"\nhi-[0-9]+\n");

        // Suspend and Resume: the row follows the guest (QEMU really stops its vCPUs: virsh agrees).
        await browser.ClickActionAsync("qemu", name, "suspend");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "paused"));
        Assert.Equal("paused\n\n", await rig.Served.VirshOkAsync("domstate", name));
        await browser.ClickActionAsync("qemu", name, "resume");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "running"));
        Assert.Equal("running\n\n", await rig.Served.VirshOkAsync("domstate", name));

        await browser.ClickActionAsync("qemu", name, "destroy");
        await browser.WaitForAsync(BrowserSession.Row("qemu", name, "shut off"));
        Assert.Contains(browser.Confirms, m => m.StartsWith($"Destroy {name}?", StringComparison.Ordinal));
        Assert.Equal("shut off\n\n", await rig.Served.VirshOkAsync("domstate", name));
        await browser.WaitForTextAsync("#console-status",
            $"^console ended: The console of domain '{name}' ended because the domain stopped\\.$");
        Assert.Empty(browser.ScriptErrors);
    }
}
