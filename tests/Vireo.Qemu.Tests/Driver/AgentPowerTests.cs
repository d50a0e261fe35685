using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>
/// Which means shutdown and reboot use, as libvirt 9.0's qemuDomainShutdownFlags and qemuDomainReboot decide:
/// the agent when asked for or (no mode) when it is connected; the power button otherwise, and after a failed
/// agent attempt unless the agent alone was asked for.
/// </summary>
public sealed class AgentPowerTests
{
    [Theory]
    [InlineData(ShutdownFlags.Default, true, true, true)]
    [InlineData(ShutdownFlags.Default, false, false, true)]
    [InlineData(ShutdownFlags.GuestAgent, false, true, false)]
    [InlineData(ShutdownFlags.GuestAgent, true, true, false)]
    [InlineData(ShutdownFlags.AcpiPowerButton, true, false, true)]
    [InlineData(ShutdownFlags.AcpiPowerButton | ShutdownFlags.GuestAgent, false, true, true)]
    public void The_plan_follows_libvirt(ShutdownFlags flags, bool connected, bool useAgent, bool buttonAfterFailure) =>
        Assert.Equal((useAgent, buttonAfterFailure), AgentPower.Plan(flags, connected));

    [Fact]
    public void Guest_shutdown_carries_qemu_gas_mode() =>
        Assert.Equal("""{"mode":"reboot"}""", AgentPower.Arguments(AgentPower.Reboot).ToJsonString());
}
