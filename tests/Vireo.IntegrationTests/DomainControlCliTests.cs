using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// vireo set-lifecycle-action, domjobabort and domfstrim against Debian's virsh on one vireod, with a defined guest
/// that is not running (GuestFileSystemTests runs domfstrim on a guest with its agent): the same output and the
/// same refusals, and the definition changed as asked.
/// </summary>
public sealed class DomainControlCliTests
{
    [Fact]
    public async Task Vireo_changes_lifecycle_actions_and_refuses_as_virsh_does()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var g = await served.DefineGuestAsync("ctl");

        Assert.Equal((await served.VirshOkAsync("set-lifecycle-action", g, "reboot", "destroy", "--config")).TrimEnd('\n'),
            (await served.VireoOkAsync("set-lifecycle-action", g, "crash", "coredump-restart", "--config")).TrimEnd('\n'));
        Assert.Equal("", (await served.VireoOkAsync("set-lifecycle-action", g, "poweroff", "restart")).Trim());
        var xml = await served.VirshOkAsync("dumpxml", g, "--inactive");
        Assert.Contains("<on_poweroff>restart</on_poweroff>", xml);
        Assert.Contains("<on_reboot>destroy</on_reboot>", xml);
        Assert.Contains("<on_crash>coredump-restart</on_crash>", xml);

        await served.BothRefuseAsync("error: Invalid lifecycle type 'bogus'.", "set-lifecycle-action", g, "bogus", "destroy");
        await served.BothRefuseAsync("error: Invalid lifecycle action 'bogus'.", "set-lifecycle-action", g, "poweroff", "bogus");
        var refusal = (await served.VirshFailsAsync("set-lifecycle-action", g, "poweroff", "preserve", "--config")).Trim();
        Assert.StartsWith("error: Unable to change lifecycle action.\nerror: ", refusal);
        await served.BothRefuseAsync(refusal, "set-lifecycle-action", g, "poweroff", "preserve", "--config");
        await served.BothRefuseAsync((await served.VirshFailsAsync("set-lifecycle-action", g, "poweroff", "destroy", "--live")).Trim(),
            "set-lifecycle-action", g, "poweroff", "destroy", "--live");
        await served.BothRefuseAsync("error: Options --current and --live are mutually exclusive",
            "set-lifecycle-action", g, "poweroff", "destroy", "--current", "--live");

        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running", "domjobabort", g);
        await served.BothRefuseAsync((await served.VirshFailsAsync("domfstrim", g)).Trim(), "domfstrim", g);
        await served.BothRefuseAsync("error: Numeric value 'x' for <minimum> option is malformed or out of range", "domfstrim", g, "--minimum", "x");
    }
}
