using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vireo.GuestKit.Tests;

/// <summary>The cloud kit booted under TCG: console, shell, kernel parameters, devices, guest agent.</summary>
public sealed class CloudKitTests(CloudGuestFixture fixture) : IClassFixture<CloudGuestFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Console_shows_firmware_banner_kernel_log_marker_and_prompt_in_that_order()
    {
        string text = fixture.Guest.Console.Text;
        int bios = text.IndexOf("SeaBIOS (version", StringComparison.Ordinal);
        int kernel = text.IndexOf($"Linux version {fixture.Kit.KernelVersion}", StringComparison.Ordinal);
        var marker = QemuGuest.MarkerLine().Match(text);
        int prompt = marker.Success ? text.IndexOf(GuestKit.Prompt, marker.Index, StringComparison.Ordinal) : -1;

        Assert.True(bios >= 0, "SeaBIOS banner missing: -machine graphics=off should put it on the serial port.");
        Assert.True(kernel > bios, "the kernel's 'Linux version' line should follow the firmware banner.");
        Assert.True(marker.Success && marker.Index > kernel, "the VIREO-GUEST-READY marker should follow the kernel log.");
        Assert.True(prompt > marker.Index, "the shell prompt should follow the marker.");
        Assert.True(fixture.UptimeAtMarker > 0);
    }

    [Fact]
    public async Task Shell_runs_commands_on_the_kit_kernel()
    {
        var (output, exitCode) = await fixture.Guest.RunAsync("uname -r", Ct);

        Assert.Equal(0, exitCode);
        Assert.Equal(fixture.Kit.KernelVersion, output.Trim());
    }

    [Fact]
    public async Task Shell_reports_failing_commands()
    {
        var (_, exitCode) = await fixture.Guest.RunAsync("test -e /no/such/file", Ct);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Vireo_ip_parameter_configures_eth0()
    {
        var (output, exitCode) = await fixture.Guest.RunAsync("ip -4 -o addr show dev eth0", Ct);

        Assert.Equal(0, exitCode);
        Assert.Contains($"inet {CloudGuestFixture.GuestAddress}", output);
    }

    [Fact]
    public async Task Vireo_sysrq_parameter_enables_every_sysrq_function()
    {
        var (output, _) = await fixture.Guest.RunAsync("cat /proc/sys/kernel/sysrq", Ct);

        Assert.Equal("1", output.Trim());
    }

    [Fact]
    public async Task Virtio_modules_are_loaded_and_none_failed()
    {
        var (modules, _) = await fixture.Guest.RunAsync("cut -d' ' -f1 /proc/modules", Ct);
        var (failed, _) = await fixture.Guest.RunAsync("cat /run/insmod-failed 2>/dev/null", Ct);

        foreach (string module in new[] { "virtio_pci", "virtio_net", "virtio_blk", "virtio_balloon", "virtio_console", "button", "evdev" })
        {
            Assert.Contains(module, modules.Split('\n', StringSplitOptions.TrimEntries));
        }

        Assert.Equal("", failed.Trim());
    }

    [Fact]
    public async Task Acpid_holds_the_power_button_input_device_open()
    {
        var (output, _) = await fixture.Guest.RunAsync("ls -l /proc/$(pidof acpid)/fd | grep -c /dev/input/", Ct);

        Assert.True(int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 1, $"acpid holds no input device: {output}");
    }

    [Fact]
    public async Task Named_virtio_serial_port_gets_a_dev_virtio_ports_link()
    {
        var (output, exitCode) = await fixture.Guest.RunAsync("readlink /dev/virtio-ports/org.qemu.guest_agent.0", Ct);

        Assert.Equal(0, exitCode);
        Assert.Matches(new Regex(@"^\.\./vport\d+p\d+$"), output.Trim());
    }

    [Fact]
    public async Task Guest_agent_answers_sync_and_ping()
    {
        Assert.True(fixture.Kit.HasGuestAgent, "the cloud kit was built without --with-qga; scripts/setup.sh builds it with the agent.");
        await using var agent = await JsonLineConnection.ConnectAsync(fixture.QgaSocket, TimeSpan.FromSeconds(10), Ct);
        long id = Random.Shared.NextInt64(1, int.MaxValue);

        await agent.SendAsync(new JsonObject { ["execute"] = "guest-sync", ["arguments"] = new JsonObject { ["id"] = id } }, Ct);
        JsonObject? reply;
        do
        {
            reply = await agent.ReceiveAsync(Ct);   // skip anything a previous client left unanswered
        }
        while (reply is not null && reply["return"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number);
        Assert.Equal(id, reply?["return"]?.GetValue<long>());

        await agent.SendAsync(new JsonObject { ["execute"] = "guest-ping" }, Ct);
        var pong = await agent.ReceiveAsync(Ct);
        Assert.Equal("{}", pong?["return"]?.ToJsonString());
    }

    [Fact]
    public async Task Balloon_reports_the_guest_memory_through_qmp()
    {
        var balloon = await fixture.Guest.Qmp!.ExecuteAsync("query-balloon", null, Ct);

        Assert.Equal(256L * 1024 * 1024, balloon?["actual"]?.GetValue<long>());
    }
}
