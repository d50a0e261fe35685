using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh domhostname and vireo domhostname against vireod: the name comes from the guest's own
/// qemu-guest-agent (the demo kit runs it on the org.qemu.guest_agent.0 channel), so it is the name
/// the guest gives itself; a domain without that channel gets a clear error.
/// </summary>
public sealed class HostnameTests
{
    [Fact]
    public async Task The_guest_agent_tells_the_guests_own_host_name()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("hn", DemoKit.WithAgentChannel);
        await using var console = await rig.StartGuestAsync();
        var name = $"guest-{Guid.NewGuid():N}"[..16];
        Assert.Equal(name, (await console.RunAsync($"hostname {name}; hostname")).Trim());

        Assert.Equal(name, (await rig.VirshOkAsync("domhostname", rig.Name)).Trim());
        Assert.Equal(name, (await rig.VirshOkAsync("domhostname", rig.Name, "--source", "agent")).Trim());
        Assert.Equal(name, (await rig.Served.VireoOkAsync("domhostname", rig.Name)).Trim());
        // As libvirtd 9.0 answers a read-only connection: the agent is not for read-only clients (CVE-2019-3886).
        Assert.Equal("error: failed to get hostname\nerror: operation forbidden: read only access prevents virDomainGetHostname",
            (await rig.VirshFailsAsync("-r", "domhostname", rig.Name)).Trim());
        Assert.Equal("error: failed to get hostname\nerror: argument unsupported: Vireo keeps no DHCP leases to read a guest's host name from; ask the guest agent (--source agent)",
            (await rig.VirshFailsAsync("domhostname", rig.Name, "--source", "lease")).Trim());
    }

    [Fact]
    public async Task A_domain_without_an_agent_channel_is_refused_by_name()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("hn-none");
        var refused = (await served.VirshFailsAsync("domhostname", name)).Trim();
        Assert.Equal($"error: failed to get hostname\nerror: argument unsupported: QEMU guest agent is not configured (domain '{name}' has no <channel> named org.qemu.guest_agent.0)", refused);
        var vireo = await served.VireoAsync("domhostname", name);
        Assert.Equal((1, refused), (vireo.ExitCode, vireo.Stderr.Trim()));
    }
}
