using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// domifaddr, domfsinfo, guestinfo, domfsfreeze/domfsthaw and set-user-password on the QEMU driver: short
/// conversations with the guest's qemu-guest-agent (each bounded by the domain's agent timeout, <see cref="GuestAgent.DefaultTimeout"/> unless guest-agent-timeout set another).
/// Reads take no job; freezing, thawing and setting a password change the guest and hold the domain's job.
/// A guest that is not running is refused before the agent is asked, as libvirt does.
/// </summary>
internal sealed class QemuGuestAgentFeature(DriverContext ctx) : IDomainGuestAgent
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainGuestAgent>(c =>
    {
        c.Hooks.Add(new ChannelStateWatch(c));
        return new QemuGuestAgentFeature(c);
    });

    public async ValueTask<IReadOnlyList<GuestInterface>> InterfaceAddressesAsync(Guid uuid, InterfaceAddressSource source, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainInterfaceAddresses");
        var dom = ctx.Registry.GetByUuid(uuid);
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        switch (source)
        {
            case InterfaceAddressSource.Lease:
                // Leases come only from the DHCP servers (dnsmasq) of virtual networks.
                return Network.NetworkDefinitions.Leases(ctx.Paths.RunDir, guest.Live.Devices.Interfaces);
            case InterfaceAddressSource.Agent:
                RequireRunning(dom);
                await using (var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false))
                    return AgentInterfaces.FromAgent(await agent.ExecuteAsync("guest-network-get-interfaces", null, ct).ConfigureAwait(false), dom.Name);
            case InterfaceAddressSource.Arp:
                var text = await Platform.Network.NeighbourTable.ReadArpTextAsync(guest.Process.Pid, ct).ConfigureAwait(false);
                return ArpNeighbours.Match(guest.Live.Devices.Interfaces, ArpNeighbours.Parse(text));
            default:
                throw VirErrors.InvalidArg($"Unknown IP address data source {(uint)source}", VirErrorDomain.Qemu);
        }
    }

    public async ValueTask<IReadOnlyList<GuestFileSystem>> FsInfoAsync(Guid uuid, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainGetFSInfo");
        var (dom, guest) = Running(uuid);
        JsonNode? answer;
        await using (var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false))
            answer = await agent.ExecuteAsync("guest-get-fsinfo", null, ct).ConfigureAwait(false);
        return AgentFileSystems.ToPublic(AgentFileSystems.FromAgent(answer, dom.Name), await DisksAsync(guest, ct).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<TypedParameter>> GuestInfoAsync(Guid uuid, GuestInfoTypes types, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainGetGuestInfo");
        const GuestInfoTypes known = (GuestInfoTypes)127;
        if ((types & ~known) != 0)
            throw VirErrors.InvalidArgSentence(GuestInfoParams.UnknownTypes(types & ~known), VirErrorDomain.Qemu);
        var (dom, guest) = Running(uuid);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        return await GuestInfoParams.CollectAsync(types, (command, token) => agent.ExecuteAsync(command, null, token),
            token => DisksAsync(guest, token), dom.Name, ct).ConfigureAwait(false);
    }

    public async ValueTask<int> FsFreezeAsync(Guid uuid, IReadOnlyList<string> mountPoints, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainFSFreeze");
        await using var call = await AgentWithJobAsync(uuid, "fs freeze", ct).ConfigureAwait(false);
        var answer = mountPoints.Count == 0
            ? await call.Agent.ExecuteAsync("guest-fsfreeze-freeze", null, ct).ConfigureAwait(false)
            : await call.Agent.ExecuteAsync("guest-fsfreeze-freeze-list",
                new JsonObject { ["mountpoints"] = new JsonArray(mountPoints.Select(m => (JsonNode?)m).ToArray()) }, ct).ConfigureAwait(false);
        return Count(answer, call.Dom.Name, "guest-fsfreeze-freeze");
    }

    public async ValueTask<int> FsThawAsync(Guid uuid, IReadOnlyList<string> mountPoints, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainFSThaw");
        // The agent thaws everything at once; libvirt refuses a list rather than pretend.
        if (mountPoints.Count > 0)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu, "specifying mountpoints is not supported");
        await using var call = await AgentWithJobAsync(uuid, "fs thaw", ct).ConfigureAwait(false);
        return Count(await call.Agent.ExecuteAsync("guest-fsfreeze-thaw", null, ct).ConfigureAwait(false), call.Dom.Name, "guest-fsfreeze-thaw");
    }

    public async ValueTask SetUserPasswordAsync(Guid uuid, string user, string password, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, (uint)SetUserPasswordFlags.Encrypted, "qemuDomainSetUserPassword");
        await using var call = await AgentWithJobAsync(uuid, "set user password", ct).ConfigureAwait(false);
        await call.Agent.ExecuteAsync("guest-set-user-password", UserPassword.Arguments(user, password, (SetUserPasswordFlags)flags), ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> AuthorizedSshKeysAsync(Guid uuid, string user, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainAuthorizedSSHKeysGet");
        await using var call = await AgentWithJobAsync(uuid, "get authorized ssh keys", ct).ConfigureAwait(false);
        return AuthorizedKeys.FromAnswer(await call.Agent.ExecuteAsync(AuthorizedKeys.Get, AuthorizedKeys.GetArguments(user), ct).ConfigureAwait(false), call.Dom.Name);
    }

    public async ValueTask SetAuthorizedSshKeysAsync(Guid uuid, string user, IReadOnlyList<string> keys, AuthorizedSshKeysSetFlags flags, CancellationToken ct)
    {
        CheckFlags((uint)flags, (uint)(AuthorizedSshKeysSetFlags.Append | AuthorizedSshKeysSetFlags.Remove), "qemuDomainAuthorizedSSHKeysSet");
        await using var call = await AgentWithJobAsync(uuid, "set authorized ssh keys", ct).ConfigureAwait(false);
        var (command, arguments) = AuthorizedKeys.SetCommand(user, keys, flags);
        await call.Agent.ExecuteAsync(command, arguments, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// guest-fstrim over every mounted file system. Like libvirt, what the agent says about each one is not passed
    /// on (a file system that cannot discard is not an error of the call).
    /// </summary>
    public async ValueTask FsTrimAsync(Guid uuid, string? mountPoint, ulong minimum, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainFSTrim");
        if (mountPoint is not null)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Qemu, "Specifying mount point is not supported for now");
        await using var call = await AgentWithJobAsync(uuid, "fs trim", ct).ConfigureAwait(false);
        await call.Agent.ExecuteAsync("guest-fstrim", new JsonObject { ["minimum"] = minimum }, ct).ConfigureAwait(false);
    }

    public async ValueTask SetAgentTimeoutAsync(Guid uuid, int timeout, uint flags, CancellationToken ct)
    {
        CheckFlags(flags, 0, "qemuDomainAgentSetResponseTimeout");
        if (timeout < AgentTimeouts.Block)
            throw VirErrors.InvalidArg($"guest agent timeout '{timeout}' is less than the minimum '{AgentTimeouts.Block}'", VirErrorDomain.Qemu);
        var dom = ctx.Registry.GetByUuid(uuid);
        // No job, as libvirt: nothing is asked of the guest, and a call already waiting on the agent may see the new value.
        dom.AgentTimeout = timeout;
        if (dom.Handle is GuestProcess guest) await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    /// <summary>Each disk's target, serial and the PCI function of its device (query-pci), for matching the agent's disks.</summary>
    private static async Task<IReadOnlyList<DiskLocation>> DisksAsync(GuestProcess guest, CancellationToken ct)
    {
        var pci = QueryPciDevices.ById(await guest.RequireMonitor().ExecuteAsync(new QmpCommand("query-pci"), ct).ConfigureAwait(false));
        return guest.Live.Devices.Disks.Select(d => new DiskLocation(d.Target.Dev, d.Serial,
            guest.DiskDevices.TryGetValue(d.Target.Dev, out var id) && pci.TryGetValue(id, out var f) ? f : null)).ToList();
    }

    /// <summary>
    /// What every call that changes the guest opens with: the domain's job, a running guest, its agent. Released
    /// in reverse order when the call is disposed.
    /// </summary>
    private async Task<AgentCall> AgentWithJobAsync(Guid uuid, string operation, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var job = await dom.Job.AcquireAsync(operation, dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        try
        {
            var agent = await GuestAgent.ConnectAsync(RequireRunning(dom), dom.Name, ct).ConfigureAwait(false);
            return new AgentCall(dom, job, agent);
        }
        catch
        {
            job.Dispose();
            throw;
        }
    }

    private sealed class AgentCall(DomainObject dom, DomainJob.Lease job, GuestAgent agent) : IAsyncDisposable
    {
        public DomainObject Dom => dom;
        public GuestAgent Agent => agent;

        public async ValueTask DisposeAsync()
        {
            await agent.DisposeAsync().ConfigureAwait(false);
            job.Dispose();
        }
    }

    private (DomainObject Dom, GuestProcess Guest) Running(Guid uuid)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        return (dom, RequireRunning(dom));
    }

    /// <summary>The agent answers only a running guest: a paused one is refused at once, not after the timeout.</summary>
    private static GuestProcess RequireRunning(DomainObject dom) =>
        dom.Handle is GuestProcess guest && dom.State.State == DomainState.Running ? guest : throw VirErrors.NotRunning(dom.Name);

    private static int Count(JsonNode? answer, string domainName, string command) =>
        answer is JsonValue v && v.TryGetValue(out int n) ? n
            : throw VirErrors.Failed($"the guest agent of domain '{domainName}' answered {command} without a count");

    private static void CheckFlags(uint flags, uint allowed, string function) => BlockJobs.GuestAccess.CheckFlags(flags, allowed, function);
}
