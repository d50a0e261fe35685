using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Usb;

/// <summary>
/// USB controllers and a USB tablet, defined and started through virsh, seen by the guest itself: the
/// generic-kernel kit has the USB host drivers, so /sys/bus/usb lists the controllers' root hubs and the
/// tablet by product name.
/// </summary>
public sealed class UsbControllerTests
{
    [Fact]
    public async Task Usb2_ehci_with_uhci_companions_and_a_tablet_are_listed_by_the_guest()
    {
        var products = await GuestUsbProductsAsync("usb2",
            """
            <controller type='usb' index='0' model='ich9-ehci1'/>
            <controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>
            <controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/></controller>
            <controller type='usb' index='0' model='ich9-uhci3'><master startport='4'/></controller>
            <input type='tablet' bus='usb'/>
            """);
        Assert.Contains("QEMU USB Tablet", products);
        Assert.Contains("EHCI Host Controller", products);
        Assert.Equal(3, products.Count(p => p == "UHCI Host Controller"));
    }

    [Fact]
    public async Task Usb3_xhci_and_a_tablet_are_listed_by_the_guest()
    {
        var products = await GuestUsbProductsAsync("usb3",
            """
            <controller type='usb' index='0' model='qemu-xhci'/>
            <input type='tablet' bus='usb'/>
            """);
        Assert.Contains("QEMU USB Tablet", products);
        Assert.Contains("xHCI Host Controller", products);
        Assert.DoesNotContain("EHCI Host Controller", products);
    }

    /// <summary>Defines and starts the generic-kernel guest with the devices through virsh; returns what /sys/bus/usb/devices/*/product says.</summary>
    private static async Task<List<string>> GuestUsbProductsAsync(string prefix, string devices)
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName(prefix);
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name, devices, generic: true)));
        Assert.Equal($"Domain '{name}' started\n\n", await e.VirshOkAsync("start", name));
        Assert.Contains("<input type='tablet' bus='usb'", await e.VirshOkAsync("dumpxml", name));
        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        // The tablet enumerates after the controllers: give the guest's USB core its moment.
        await Guest.EventuallyAsync(c, "cat /sys/bus/usb/devices/*/product 2>/dev/null", "QEMU USB Tablet");
        var output = await c.RunAsync("cat /sys/bus/usb/devices/*/product");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
    }
}
