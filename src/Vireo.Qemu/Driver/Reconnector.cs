using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Drivers.Persistence;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// On engine start, finds every guest a previous engine started (status files): the same process (pid
/// and start time) is re-adopted through a pidfd, its monitor and consoles reconnected, its state
/// re-read from QEMU, its id reserved. A guest that died meanwhile is reported shut off (crashed) and
/// cleaned up; one that powered off meanwhile (QEMU waiting in 'shutdown') is finished per on_poweroff.
/// </summary>
internal sealed class Reconnector(DriverContext ctx)
{
    public async Task ReconnectAsync(DomainStatus status, CancellationToken ct)
    {
        var def = status.Live;
        var dom = ctx.Registry.FindByUuid(def.Uuid)
            ?? ctx.Registry.AddOrGet(def.Uuid, def.Name, () => new DomainObject(def, persistentDefined: false));
        if (dom.Persistent is not null && dom.Persistent.Name != def.Name)
        {
            ctx.Log.LogError("Status file of '{Name}' names uuid {Uuid}, which belongs to domain '{Other}'; ignoring it", def.Name, def.Uuid, dom.Persistent.Name);
            return;
        }
        ctx.Registry.ReserveId(status.Id);
        var process = WatchedProcess.TryAdopt(new ProcessIdentity(status.Pid, status.ProcessStartTime));
        if (process is null)
        {
            ctx.Log.LogWarning("Domain {Name}: its QEMU (pid {Pid}) ended while the engine was not running; shut off (crashed)", def.Name, status.Pid);
            await ForgetAsync(dom, status, ReconnectPlan.ForDeadProcess().State, StoppedDetail.Failed).ConfigureAwait(false);
            return;
        }

        var paths = new QemuRuntimePaths(status.Get("rundir") ?? Path.GetDirectoryName(status.Get("monitor") ?? "") ?? ctx.Paths.RunDir);
        var state = new GuestState(dom, def, ctx.Events);
        var guest = new GuestProcess(status.Id, def, process, paths, state)
        {
            DiskDevices = status.Runtime.Where(kv => kv.Key.StartsWith("disk.", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["disk.".Length..], kv => kv.Value, StringComparer.Ordinal),
            BalloonQomPath = status.Get("balloon"),
        };
        if (int.TryParse(status.Get(GuestProcess.AgentTimeoutKey), System.Globalization.CultureInfo.InvariantCulture, out var agentTimeout))
            dom.AgentTimeout = agentTimeout;
        foreach (var (key, value) in status.Runtime.Where(kv => kv.Key.StartsWith(GuestProcess.FeatureRuntimePrefix, StringComparison.Ordinal)))
            guest.FeatureRuntime[key[GuestProcess.FeatureRuntimePrefix.Length..]] = value;
        ReconnectDecision decision;
        try
        {
            guest.Monitor = await ctx.Io.ConnectMonitorAsync(paths.MonitorSocket, TimeSpan.FromSeconds(5), process.Exited, ct).ConfigureAwait(false);
            var qmpStatus = QmpStatus.FromJson(await guest.Monitor.ExecuteAsync(QmpCommands.QueryStatus(), ct).ConfigureAwait(false));
            decision = ReconnectPlan.ForLiveProcess(qmpStatus.Status, status.State);
            guest.Consoles = await ReattachConsolesAsync(status, process, ct).ConfigureAwait(false);
            guest.VcpuThreads = QmpCpu.ListFromJson(await guest.Monitor.ExecuteAsync(QmpCommands.QueryCpusFast(), ct).ConfigureAwait(false))
                .OrderBy(c => c.CpuIndex).Select(c => c.ThreadId).ToList();
        }
        catch (Exception e) when (e is IOException or TimeoutException or QmpException or Platform.Native.PlatformException)
        {
            if (process.HasExited)
            {
                await CloseAsync(guest).ConfigureAwait(false);
                process.Dispose();
                await ForgetAsync(dom, status, ReconnectPlan.ForDeadProcess().State, StoppedDetail.Failed).ConfigureAwait(false);
                return;
            }
            // libvirt's rule: a guest whose monitor cannot be reached is killed, so it never runs twice.
            ctx.Log.LogError("Domain {Name}: QEMU (pid {Pid}) is alive but its monitor cannot be reached ({Error}); killing it", def.Name, status.Pid, e.Message);
            await process.KillAsync(CancellationToken.None).ConfigureAwait(false);
            await CloseAsync(guest).ConfigureAwait(false);
            process.Dispose();
            await ForgetAsync(dom, status, ReconnectPlan.ForUnreachable().State, StoppedDetail.Failed).ConfigureAwait(false);
            return;
        }

        await ctx.Hooks.ReconnectedAsync(dom, guest, ct).ConfigureAwait(false);
        if (status.Get("fakereboot") == "1") state.SetFakeReboot(true);
        // A hook may have amended the live definition to what it could restore (a perf counter that no longer opens).
        def = guest.Live;
        dom.Live = def;
        dom.Handle = guest;
        dom.SetActive(status.Id, decision.State);
        var supervisor = new GuestSupervisor(ctx, guest);
        guest.Supervisor = supervisor;
        supervisor.Start();
        ctx.Log.LogInformation("Domain {Name}: reconnected to QEMU pid {Pid} (id {Id}, {State})", def.Name, status.Pid, status.Id, decision.State.StateText);

        var live = def;
        switch (decision.Action)
        {
            case ReconnectAction.FinishShutdown:
                ctx.Log.LogInformation("Domain {Name}: the guest powered off while the engine was not running; applying on_poweroff", def.Name);
                await FollowAsync(guest, supervisor, ReconnectPlan.ForFinishedShutdown(live.OnPoweroff ?? LifecycleAction.Destroy), ShutoffReason.Shutdown, state).ConfigureAwait(false);
                break;
            case ReconnectAction.FinishCrash:
                await FollowAsync(guest, supervisor, ReconnectPlan.ForFinishedCrash(live.OnCrash ?? LifecycleAction.Destroy), ShutoffReason.Crashed, state).ConfigureAwait(false);
                break;
        }
        await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    private static async Task FollowAsync(GuestProcess guest, GuestSupervisor supervisor, FollowUp followUp, ShutoffReason reason, GuestState state)
    {
        if (reason == ShutoffReason.Shutdown) state.Apply(new QmpEventView("SHUTDOWN", Guest: true, Reason: "guest-shutdown-while-away"));
        switch (followUp)
        {
            case FollowUp.EndProcess:
                await supervisor.EndProcessAsync(reason).ConfigureAwait(false);
                await guest.Ended.ConfigureAwait(false); // the engine's start returns with the guest already shut off
                break;
            case FollowUp.FakeReboot:
                await supervisor.FakeRebootAsync().ConfigureAwait(false);
                break;
        }
    }

    private async Task<IReadOnlyList<GuestConsoleEntry>> ReattachConsolesAsync(DomainStatus status, WatchedProcess process, CancellationToken ct)
    {
        var result = new List<GuestConsoleEntry>();
        foreach (var (key, socket) in status.Runtime.Where(kv => kv.Key.StartsWith("console.", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var name = key["console.".Length..];
            var log = status.Get("consolelog." + name) ?? ctx.Paths.ConsoleLog(status.Name);
            var capture = await ctx.Io.AttachConsoleAsync(socket, log, ctx.Options.ConsoleHistoryBytes, process.Exited, ct).ConfigureAwait(false);
            result.Add(new GuestConsoleEntry(name, socket, log, capture));
        }
        return result;
    }

    /// <summary>A guest found gone: shut off with the reason, status and sockets removed, the event published.</summary>
    private async Task ForgetAsync(DomainObject dom, DomainStatus status, StateWithReason state, StoppedDetail detail)
    {
        await HostResourceHooks.ReleaseAsync(ctx, status.Live).ConfigureAwait(false);
        try
        {
            ctx.Store.DeleteStatus(status.Name);
            if (dom.IsPersistent) await ctx.Store.SaveStoppedAsync(status.Name, state, CancellationToken.None).ConfigureAwait(false);
            if (status.Get("rundir") is { } dir && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException e)
        {
            ctx.Log.LogWarning("Domain {Name}: could not remove the runtime files of its ended guest: {Error}", status.Name, e.Message);
        }
        _ = ctx.Hooks.EndedAsync(status.Name, status.Id); // never throws; logs its own failures
        dom.Handle = null;
        dom.SetInactive(state);
        if (dom.IsPersistent) dom.Live = null;
        ctx.Events.Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Stopped, (int)detail));
        if (!dom.IsPersistent) ctx.Registry.Remove(dom);
    }

    private static async Task CloseAsync(GuestProcess guest)
    {
        try
        {
            if (guest.Monitor is not null) await guest.Monitor.DisposeAsync().ConfigureAwait(false);
            foreach (var c in guest.Consoles) await c.Capture.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
