namespace Vireo.Tests.Shared;

/// <summary>
/// Checks for what scripts/setup.sh installs or builds (Debian packages, the guest kit, the container
/// root). Those are present on every machine set up as the README says, so their absence is a failure
/// of the machine's setup, reported as a failed test, never a skip: a skip would let a CI run on a
/// half-set-up machine look green. Skips stay for what a host truly may lack (a second NUMA node,
/// /dev/net/tun, vhost-net, a usable KVM).
/// </summary>
internal static class MachineSetUp
{
    /// <summary>Fails unless <paramref name="present"/>; <paramref name="what"/> names the tool and its package.</summary>
    public static void Require(bool present, string what) =>
        Assert.True(present, $"{what} is not installed: scripts/setup.sh installs it, so this machine was not set up (run scripts/setup.sh).");

    /// <summary>Fails when a probe returned why something setup.sh provides is missing (null: nothing is).</summary>
    public static void RequireNothingMissing(string? missing) =>
        Assert.True(missing is null, $"{missing} scripts/setup.sh provides it, so this machine was not set up (run scripts/setup.sh).");
}
