using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Driver;

/// <summary>
/// domhostname: the guest agent's guest-get-host-name, over the domain's org.qemu.guest_agent.0 channel.
/// A read: it takes no domain job (a slow agent delays only this call), and it answers with libvirt's
/// errors when the domain has no agent channel or the agent does not answer.
/// </summary>
internal sealed partial class QemuQueries
{
    public async ValueTask<string> HostnameAsync(Guid uuid, HostnameFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, (uint)(HostnameFlags.Lease | HostnameFlags.Agent), "qemuDomainGetHostname");
        if (flags == HostnameFlags.Lease)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                "Vireo keeps no DHCP leases to read a guest's host name from; ask the guest agent (--source agent)");
        var dom = ctx.Registry.GetByUuid(uuid);
        if (dom.Handle is not GuestProcess guest) throw VirErrors.NotRunning(dom.Name);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        var answer = await agent.ExecuteAsync("guest-get-host-name", null, ct).ConfigureAwait(false);
        return (string?)answer?["host-name"] is { Length: > 0 } name
            ? name
            : throw VirErrors.Failed($"the guest agent of domain '{dom.Name}' answered guest-get-host-name without a host name");
    }
}
