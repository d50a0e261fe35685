using Xunit.Sdk;

namespace Vireo.Core.Tests.TestSupport;

/// <summary>The shared prerequisite check fails (never skips) and says what to install and how.</summary>
public sealed class MachineSetUpTests
{
    [Fact]
    public void A_missing_tool_fails_the_test_with_its_package_and_the_setup_script()
    {
        var e = Assert.ThrowsAny<XunitException>(() => MachineSetUp.Require(false, "virsh (libvirt-clients)"));
        Assert.Contains("virsh (libvirt-clients) is not installed", e.Message);
        Assert.Contains("scripts/setup.sh", e.Message);
    }

    [Fact]
    public void A_probe_that_found_something_missing_fails_with_its_reason()
    {
        var e = Assert.ThrowsAny<XunitException>(() => MachineSetUp.RequireNothingMissing("libvirtd is not installed."));
        Assert.Contains("libvirtd is not installed.", e.Message);
    }

}
