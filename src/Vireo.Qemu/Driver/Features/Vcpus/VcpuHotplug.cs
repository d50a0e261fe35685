using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// virsh setvcpus --live on a running guest, libvirt's way: device_add of a CPU into a free slot of
/// query-hotpluggable-cpus (alias vcpuN), device_del to take one back, which the guest's ACPI must
/// answer. A plugged vCPU's thread gets its pin (cputune/vcpupin or &lt;vcpu cpuset&gt;) and its "vcpuN"
/// cgroup; the live definition (&lt;vcpus&gt;) is recorded in the status file even when a step fails
/// halfway, so what the guest has and what vireod says always agree. Caller holds the job.
/// </summary>
internal sealed class VcpuHotplug(DomainChanges changes)
{
    /// <summary>How long the guest has to release a vCPU (libvirt: 5 s; TCG guests on a busy host are slower).</summary>
    internal static TimeSpan UnplugWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Status-file fact: the vCPUs unplugged from this QEMU process, comma-separated (see <see cref="CheckReplugSafe"/>).</summary>
    internal const string UnpluggedKey = "vcpus.unplugged";

    /// <summary>setvcpus --live: the guest gets <paramref name="count"/> vCPUs.</summary>
    public Task SetLiveCountAsync(DomainObject dom, GuestProcess guest, uint count, CancellationToken ct) =>
        ChangeAsync(dom, guest, live => VcpuChange.LivePlan(VcpuSlotArgs.SlotsOf(live), count), ct);

    /// <summary>
    /// Plugs and unplugs what <paramref name="plan"/> picks from the live definition as QEMU has it now
    /// (<see cref="Reconcile"/>): plugs ascending, unplugs in the given order.
    /// </summary>
    public async Task ChangeAsync(DomainObject dom, GuestProcess guest, Func<DomainDef, (IReadOnlyList<uint> Plug, IReadOnlyList<uint> Unplug)> plan, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        var live = Reconcile(guest.Live, await QueryCpusAsync(monitor, ct).ConfigureAwait(false));
        var (plug, unplug) = plan(live);
        if (plug.Count == 0 && unplug.Count == 0)
        {
            if (!ReferenceEquals(live, guest.Live)) await changes.CommitLiveAsync(dom, guest, live, ct).ConfigureAwait(false);
            return;
        }
        if (plug.Count > 0) CheckReplugSafe(guest, live, plug);
        try
        {
            if (plug.Count > 0)
            {
                var slots = HotpluggableCpu.ListFromJson(await monitor.ExecuteAsync(VcpuHotplugQmp.QueryHotpluggableCpus(), ct).ConfigureAwait(false));
                foreach (var id in plug)
                {
                    await monitor.ExecuteAsync(VcpuHotplugQmp.Plug(live, id, slots), ct).ConfigureAwait(false);
                    live = VcpuChange.WithSlot(live, VcpuSlotArgs.SlotsOf(live), id, enabled: true);
                }
            }
            foreach (var id in unplug)
            {
                guest.FeatureRuntime[UnpluggedKey] = string.Join(",", Unplugged(guest).Append(id).Distinct().Order());
                await UnplugAsync(guest, monitor, id, ct).ConfigureAwait(false);
                live = VcpuChange.WithSlot(live, VcpuSlotArgs.SlotsOf(live), id, enabled: false);
            }
        }
        catch (QmpException e)
        {
            // libvirt's words for a command QEMU refused (e.g. device_del before the guest's OS took over
            // ACPI CPU hot-plug: "device unplug request for not supported device type").
            throw e.AsLibvirtError();
        }
        finally
        {
            await RecordAsync(dom, guest, live).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// QEMU 7.2 under TCG crashes (SIGSEGV) when a vCPU is plugged into a slot a vCPU was unplugged from
    /// in the same process (measured; a slot never used before works), which would kill the guest:
    /// vireod refuses that plug instead.
    /// </summary>
    private static void CheckReplugSafe(GuestProcess guest, DomainDef live, IReadOnlyList<uint> plug)
    {
        if (live.Type != DomainTypes.Qemu) return;
        var unplugged = Unplugged(guest).ToHashSet();
        if (plug.FirstOrDefault(unplugged.Contains) is var id && unplugged.Contains(id))
            throw VirErrors.OperationUnsupported(
                $"cannot add vCPU {id} to domain '{live.Name}': it was unplugged since the domain started, and QEMU under TCG crashes when a vCPU is plugged again into the slot it was unplugged from; restart the domain (setvcpus --config sets the count it boots with)",
                VirErrorDomain.Qemu);
    }

    private static IEnumerable<uint> Unplugged(GuestProcess guest) =>
        guest.FeatureRuntime.TryGetValue(UnpluggedKey, out var ids)
            ? ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => uint.Parse(x, System.Globalization.CultureInfo.InvariantCulture))
            : [];

    /// <summary>device_del, then waits for QEMU to report the vCPU gone (an event, then query-cpus-fast to be sure) or the deadline.</summary>
    private static async Task UnplugAsync(GuestProcess guest, IGuestMonitor monitor, uint id, CancellationToken ct)
    {
        var signal = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        void OnEvent(QmpEvent e)
        {
            if (VcpuHotplugQmp.MayReportRemoval(e, id)) signal.Writer.TryWrite(true);
        }
        guest.QmpEventReceived += OnEvent; // before device_del, so the answer cannot be missed
        try
        {
            await monitor.ExecuteAsync(VcpuHotplugQmp.Unplug(id), ct).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(UnplugWait);
            while (true)
            {
                if (!VcpuHotplugQmp.IsPresent(await QueryCpusAsync(monitor, ct).ConfigureAwait(false), id)) return;
                try
                {
                    var waitEvent = signal.Reader.ReadAsync(deadline.Token).AsTask();
                    if (await Task.WhenAny(waitEvent, guest.Ended).ConfigureAwait(false) != waitEvent)
                        throw VirErrors.NotRunning(guest.Live.Name);
                    await waitEvent.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    if (!VcpuHotplugQmp.IsPresent(await QueryCpusAsync(monitor, ct).ConfigureAwait(false), id)) return;
                    // libvirt's words (VIR_ERR_OPERATION_TIMEOUT); the vCPU stays in the live XML until QEMU drops it.
                    throw new VirException(VirErrorCode.OperationTimeout, VirErrorDomain.Qemu,
                        "vcpu unplug request timed out. Unplug result must be manually inspected in the domain");
                }
            }
        }
        finally
        {
            guest.QmpEventReceived -= OnEvent;
        }
    }

    /// <summary>
    /// The live definition as QEMU has it: a hot-plugged vCPU whose unplug timed out earlier may have gone
    /// since (the guest answered late). Only vCPUs vireod plugged (hotpluggable='yes') can disappear.
    /// </summary>
    internal static DomainDef Reconcile(DomainDef live, IReadOnlyList<QmpCpu> cpus)
    {
        if (live.VcpuSlots is not { } slots) return live;
        var gone = slots.Where(s => s.Enabled && s.CanUnplug && !VcpuHotplugQmp.IsPresent(cpus, s.Id)).ToList();
        foreach (var s in gone) live = VcpuChange.WithSlot(live, VcpuSlotArgs.SlotsOf(live), s.Id, enabled: false);
        return live;
    }

    /// <summary>New thread list, pins and cgroups for the vCPUs present now; then the live definition in memory and the status file.</summary>
    private async Task RecordAsync(DomainObject dom, GuestProcess guest, DomainDef live)
    {
        var before = guest.VcpuThreads.Count;
        try
        {
            if (guest.Monitor is { } monitor)
                guest.VcpuThreads = (await QueryCpusAsync(monitor, CancellationToken.None).ConfigureAwait(false))
                    .OrderBy(c => c.CpuIndex).Select(c => c.ThreadId).ToList();
            PlaceThreads(live, guest, before);
        }
        catch (Exception e) when (e is QmpException or IOException or ObjectDisposedException or TimeoutException or VirException)
        {
            // The guest ended or its monitor broke: the definition is still recorded; threads are re-read on reconnect.
        }
        await changes.CommitLiveAsync(dom, guest, live, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A new vCPU thread starts in the creating thread's cgroup and affinity (the emulator's): libvirt moves
    /// it to its own "vcpuN" group and gives it its pin, or every host CPU when it has none.
    /// </summary>
    private void PlaceThreads(DomainDef live, GuestProcess guest, int before)
    {
        if (guest.VcpuThreads.Count <= before) return;
        var plan = CgroupPlan.From(live, guest.VcpuThreads.Count);
        var group = changes.Cgroups.Resize(guest);
        for (var i = before; i < guest.VcpuThreads.Count; i++)
        {
            var tid = guest.VcpuThreads[i];
            var cpus = plan.VcpuCpus[i];
            if (group is not null && i < group.Vcpus.Count)
            {
                var vcpu = group.Vcpus[i];
                DomainChanges.Kernel(live.Name, $"the cgroup of vCPU {i}", () =>
                {
                    GuestCgroup.SetBandwidth(vcpu, plan.Vcpu);
                    vcpu.AttachThread(tid);
                    GuestCgroup.Pin(vcpu, [tid], cpus ?? new CpuSet(HostSnapshot.OnlineCpus()));
                });
            }
            else
                DomainChanges.Kernel(live.Name, $"the affinity of vCPU {i} (thread {tid})",
                    () => ThreadAffinity.Set(tid, cpus ?? (IEnumerable<int>)HostSnapshot.OnlineCpus()));
        }
    }

    private static async Task<IReadOnlyList<QmpCpu>> QueryCpusAsync(IGuestMonitor monitor, CancellationToken ct) =>
        QmpCpu.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryCpusFast(), ct).ConfigureAwait(false));
}
