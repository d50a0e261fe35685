using System.Text.RegularExpressions;

namespace Vireo.GuestKit.Tests;

/// <summary>Shutting the kit down from the host (ACPI power button) and from the guest.</summary>
public sealed class PowerButtonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task System_powerdown_makes_the_cloud_guest_power_off()
    {
        await using var guest = await QemuGuest.StartAsync(GuestKit.Load("cloud"), "", [], Ct);
        await guest.WaitUntilReadyAsync(Ct);

        await guest.Qmp!.ExecuteAsync("system_powerdown", null, Ct);
        var shutdown = await guest.Qmp.WaitForEventAsync("SHUTDOWN", QemuGuest.BootTimeout, Ct);
        int exitCode = await guest.WaitForExitAsync(QemuGuest.BootTimeout, Ct);

        Assert.True(shutdown["data"]?["guest"]?.GetValue<bool>());
        Assert.Equal("guest-shutdown", shutdown["data"]?["reason"]?.GetValue<string>());
        Assert.Equal(0, exitCode);
        Assert.Contains("ACPI power button -> poweroff", guest.Console.Text);
        Assert.Contains("reboot: Power down", guest.Console.Text);
    }

    [Fact]
    public async Task Reboot_typed_in_the_guest_boots_it_again()
    {
        await using var guest = await QemuGuest.StartAsync(GuestKit.Load("cloud"), "", [], Ct);
        await guest.WaitUntilReadyAsync(Ct);
        int afterFirstBoot = guest.Console.Length;

        await guest.TypeAsync("reboot\n", Ct);
        await guest.Qmp!.WaitForEventAsync("RESET", QemuGuest.BootTimeout, Ct);
        await guest.Console.WaitForAsync(QemuGuest.MarkerLine(), afterFirstBoot, QemuGuest.BootTimeout, Ct);

        Assert.Equal(2, QemuGuest.MarkerLine().Matches(guest.Console.Text).Count);
        Assert.False(guest.HasExited);
    }
}
