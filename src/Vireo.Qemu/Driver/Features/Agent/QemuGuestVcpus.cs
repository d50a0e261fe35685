using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Vcpus;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// virsh guestvcpus, setvcpus --guest and vcpucount --guest on the QEMU driver: the guest's agent is asked
/// for its CPUs (guest-get-vcpus) and told which to bring online or take offline (guest-set-vcpus). Reads take
/// no job; changes hold the domain's job, so a vCPU hot-plug is not raced. The checks and their order are
/// libvirtd 9.0's (qemuDomainGetGuestVcpus, qemuDomainSetGuestVcpus, qemuDomainSetVcpusAgent and the agent
/// part of qemuDomainGetVcpusFlags); the choices are <see cref="GuestCpus"/>.
/// </summary>
internal sealed class QemuGuestVcpus(DriverContext ctx) : IDomainGuestVcpus
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainGuestVcpus>(c => new QemuGuestVcpus(c));

    public async ValueTask<GuestVcpuState> GetAsync(Guid uuid, uint flags, CancellationToken ct)
    {
        VirErrors.CheckFlags(flags, 0, "qemuDomainGetGuestVcpus");
        var dom = ctx.Registry.GetByUuid(uuid);
        await using var agent = await ConnectAsync(dom, ct).ConfigureAwait(false);
        return GuestCpus.State(await ReadAsync(agent, dom, ct).ConfigureAwait(false));
    }

    public async ValueTask SetAsync(Guid uuid, string cpuList, int state, uint flags, CancellationToken ct)
    {
        VirErrors.CheckFlags(flags, 0, "qemuDomainSetGuestVcpus");
        if (state is not (0 or 1)) throw VirErrors.InvalidArgSentence("unsupported state value", VirErrorDomain.Qemu);
        var wanted = LibvirtBitmap.Parse(cpuList, GuestCpus.BitmapSize);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("set guest vcpus", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        await using var agent = await ConnectAsync(dom, ct).ConfigureAwait(false);
        var changes = GuestCpus.ChangesFor(await ReadAsync(agent, dom, ct).ConfigureAwait(false), wanted, online: state == 1);
        await ApplyAsync(agent, changes, ct).ConfigureAwait(false);
    }

    public async ValueTask<int> CountAsync(Guid uuid, VcpuModFlags flags, CancellationToken ct)
    {
        const VcpuModFlags known = VcpuModFlags.Live | VcpuModFlags.Config | VcpuModFlags.Maximum | VcpuModFlags.Guest;
        VirErrors.CheckFlags((uint)flags, (uint)known, "qemuDomainGetVcpusFlags");
        var dom = ctx.Registry.GetByUuid(uuid);
        // virDomainObjGetOneDef first: --live of a shut-off domain, --config of a transient one.
        VcpuChange.Targets(dom.Name, dom.IsActive, dom.IsPersistent, flags & ~VcpuModFlags.Guest);
        if (!dom.IsActive)
            throw VirErrors.InvalidArg("vCPU count provided by the guest agent can only be requested for live domains", VirErrorDomain.Qemu);
        await using var agent = await ConnectAsync(dom, ct).ConfigureAwait(false);
        var cpus = await ReadAsync(agent, dom, ct).ConfigureAwait(false);
        return flags.HasFlag(VcpuModFlags.Maximum) ? cpus.Count : cpus.Count(c => c.Online);
    }

    public async ValueTask SetCountAsync(Guid uuid, uint count, VcpuModFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("setvcpus --guest", dom.Name, ctx.Options.JobWait, ct).ConfigureAwait(false);
        VcpuChange.Targets(dom.Name, dom.IsActive, dom.IsPersistent, flags & ~VcpuModFlags.Guest);
        var guest = RequireRunning(dom);
        // The guest cannot bring up more CPUs than the hypervisor gave it (setvcpus --live adds them).
        var enabled = VcpuChange.Current(guest.Live);
        if (count > enabled)
            throw VirErrors.InvalidArg($"requested vcpu count is greater than the count of enabled vcpus in the domain: {count} > {enabled}", VirErrorDomain.Qemu);
        await using var agent = await GuestAgent.ConnectAsync(guest, dom.Name, ct).ConfigureAwait(false);
        var changes = GuestCpus.ChangesFor(await ReadAsync(agent, dom, ct).ConfigureAwait(false), count);
        await ApplyAsync(agent, changes, ct).ConfigureAwait(false);
    }

    private static Task<GuestAgent> ConnectAsync(DomainObject dom, CancellationToken ct) =>
        GuestAgent.ConnectAsync(RequireRunning(dom), dom.Name, ct);

    private static async Task<IReadOnlyList<GuestCpu>> ReadAsync(GuestAgent agent, DomainObject dom, CancellationToken ct) =>
        GuestCpus.FromAgent(await agent.ExecuteAsync(GuestCpus.GetCommand, null, ct).ConfigureAwait(false), dom.Name);

    /// <summary>
    /// qemuAgentSetVCPUs: the agent stops at the first CPU it cannot change and reports how many it did, so
    /// the rest is asked again until all are done or the agent refuses one (its error is the answer).
    /// </summary>
    private static async Task ApplyAsync(GuestAgent agent, IReadOnlyList<GuestCpu> changes, CancellationToken ct)
    {
        while (changes.Count > 0)
        {
            var done = GuestCpus.Processed(await agent.ExecuteAsync(GuestCpus.SetCommand, GuestCpus.SetArguments(changes), ct).ConfigureAwait(false), changes.Count);
            changes = changes.Skip(done).ToList();
        }
    }

    /// <summary>qemuDomainAgentAvailable: a paused or shut-off guest is refused at once (in the QEMU driver's words), not after the agent's timeout.</summary>
    private static GuestProcess RequireRunning(DomainObject dom) =>
        dom.Handle is GuestProcess guest && dom.State.State == DomainState.Running
            ? guest
            : throw VirErrors.Invalid("domain is not running", VirErrorDomain.Qemu);
}
