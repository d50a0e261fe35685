using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh domcontrol and vireo domcontrol against vireod with a real guest: "ok" while nothing holds the
/// domain, "background job (N.NNNs)" while an operation holds its job (libvirt's wording), and libvirt's
/// refusal for a domain that is not running.
/// </summary>
public sealed class ControlInfoTests
{
    [Fact]
    public async Task Domcontrol_shows_ok_then_the_job_an_operation_holds_and_refuses_a_shut_off_domain()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("ctl");
        await using (await served.ReadyConsoleAsync(name))
        {
            var (virsh, vireo) = await served.BothOkAsync("domcontrol", name);
            Assert.Equal(("ok\n\n", "ok\n\n"), (virsh, vireo));

            // An operation in progress holds the domain's job; domcontrol (a read) does not wait for it.
            var dom = served.Qemu.Registry.GetByName(name);
            using (await dom.Job.AcquireAsync("snapshot-delete", name, TimeSpan.FromSeconds(5), CancellationToken.None))
            {
                (virsh, vireo) = await served.BothOkAsync("domcontrol", name);
                Assert.Matches(new Regex(@"^background job \(\d+\.\d{3}s\)\n\n$"), virsh);
                Assert.Matches(new Regex(@"^background job \(\d+\.\d{3}s\)\n\n$"), vireo);
            }
            Assert.Equal("ok\n\n", await served.VirshOkAsync("domcontrol", name));
        }

        await served.VirshOkAsync("destroy", name);
        var refused = await served.VirshFailsAsync("domcontrol", name);
        Assert.Equal("error: Requested operation is not valid: domain is not running", refused.Trim());
        var fromVireo = await served.VireoAsync("domcontrol", name);
        Assert.Equal((1, refused.Trim()), (fromVireo.ExitCode, fromVireo.Stderr.Trim()));
    }
}
