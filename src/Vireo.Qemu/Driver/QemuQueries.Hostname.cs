using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Driver;

/// <summary>
/// domhostname: the guest agent's guest-get-host-name, over the domain's org.qemu.guest_agent.0 channel.
/// A read: it takes no domain job (a slow agent delays only this call), and it answers with libvirt's
/// errors when the domain has no agent channel or the agent does not answer.
/// </summary>
internal sealed partial class QemuQueries
{
    private const uint HostnameFromLease = 1, HostnameFromAgent = 2;
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(10);

    public async ValueTask<string> HostnameAsync(Guid uuid, uint flags, CancellationToken ct)
    {
        if ((flags & ~(HostnameFromLease | HostnameFromAgent)) != 0)
            throw VirErrors.InvalidArg($"unsupported flags (0x{flags & ~(HostnameFromLease | HostnameFromAgent):x}) in function qemuDomainGetHostname", VirErrorDomain.Qemu);
        if (flags == HostnameFromLease)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu,
                "Vireo keeps no DHCP leases to read a guest's host name from; ask the guest agent (--source agent)");
        var dom = ctx.Registry.GetByUuid(uuid);
        if (dom.Handle is not GuestProcess guest) throw VirErrors.NotRunning(dom.Name);
        await using var agent = await GuestAgent.ConnectAsync(GuestAgent.SocketPath(guest.Live, guest.Paths), dom.Name, AgentTimeout, ct).ConfigureAwait(false);
        var answer = await agent.ExecuteAsync("guest-get-host-name", null, ct).ConfigureAwait(false);
        return (string?)answer?["host-name"] is { Length: > 0 } name
            ? name
            : throw VirErrors.Failed($"the guest agent of domain '{dom.Name}' answered guest-get-host-name without a host name");
    }
}
