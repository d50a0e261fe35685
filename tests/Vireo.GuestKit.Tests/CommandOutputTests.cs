namespace Vireo.GuestKit.Tests;

/// <summary>Reading a command's output off the serial console, where the kernel's messages land in between.</summary>
public sealed class CommandOutputTests
{
    [Fact]
    public void Plain_output_loses_only_the_markers_newline_and_the_carriage_returns() =>
        Assert.Equal("6.1.0-57-cloud-amd64\n", QemuGuest.CommandOutput("\r\n6.1.0-57-cloud-amd64\r\n"));

    [Fact]
    public void A_kernel_message_between_the_shells_lines_is_dropped() =>
        Assert.Equal("a\nb\n", QemuGuest.CommandOutput("\r\na\r\n[    5.544326] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready\r\nb\r\n"));

    [Fact]
    public void A_kernel_message_right_after_the_begin_marker_is_dropped()
    {
        // As seen in CI: the kernel printed after "__BEGIN3__" and before the shell's newline.
        var between = "[    3.534564] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready\r\n\r\nvirtio_input\r\nata_piix\r\n";
        Assert.Equal("virtio_input\nata_piix\n", QemuGuest.CommandOutput(between));
    }
}
