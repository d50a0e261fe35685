namespace Vireo.GuestKit.Tests;

/// <summary>The generic kit: Debian's full kernel, needed for USB devices (the cloud kernel has no USB).</summary>
public sealed class GenericKitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generic_guest_sees_a_usb_tablet_on_xhci_and_powers_off()
    {
        var kit = GuestKit.Load("generic");
        await using var guest = await QemuGuest.StartAsync(
            kit, "", ["-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,bus=xhci.0"], Ct);
        await guest.WaitUntilReadyAsync(Ct);

        // The tablet enumerates asynchronously; wait for its kernel line rather than racing it.
        await guest.Console.WaitForAsync(new(@"Product: QEMU USB Tablet"), 0, QemuGuest.BootTimeout, Ct);
        var (products, _) = await guest.RunAsync("cat /sys/bus/usb/devices/*/product", Ct);
        var (release, _) = await guest.RunAsync("uname -r", Ct);
        await guest.Qmp!.ExecuteAsync("system_powerdown", null, Ct);
        int exitCode = await guest.WaitForExitAsync(QemuGuest.BootTimeout, Ct);

        Assert.Contains("QEMU USB Tablet", products);
        Assert.Contains("xHCI Host Controller", products);
        Assert.Equal(kit.KernelVersion, release.Trim());
        Assert.Equal(0, exitCode);
    }
}
