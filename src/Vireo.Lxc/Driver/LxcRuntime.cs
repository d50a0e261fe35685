using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Lxc.Runtime;
using Vireo.Lxc.Validation;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Driver;

/// <summary>
/// The container driver's shared state and the steps every interface builds on: start a container,
/// notice its end (the helper's exit) and clean up after it in one place, whoever caused it.
/// </summary>
internal sealed partial class LxcRuntime
{
    public LxcRuntime(LxcDriverOptions options, ILogger logger)
    {
        Options = options;
        Logger = logger;
        Store = new LxcConfigStore(options.Layout);
        Checks = HostChecks.ForHost();
        Starter = new ContainerStarter(options, Checks, logger);
    }

    public LxcDriverOptions Options { get; }
    public ILogger Logger { get; }
    public DomainRegistry Registry { get; } = new(VirErrorDomain.Lxc);
    public DomainEventBus Events { get; } = new();
    public LxcConfigStore Store { get; }
    public HostChecks Checks { get; }
    public ContainerStarter Starter { get; }
    public bool Disposed { get; set; }

    public DomainObject Get(Guid uuid) => Registry.GetByUuid(uuid);

    public ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, string operation, CancellationToken ct) =>
        dom.Job.AcquireAsync(operation, dom.Name, Options.JobWait, ct);

    public static RunningContainer Running(DomainObject dom) =>
        dom.Handle as RunningContainer ?? throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc, "domain is not running");

    public void Publish(DomainObject dom, LifecycleEventType type, int detail) =>
        Events.Publish(new LifecycleEvent(dom.Ref, type, detail));

    /// <summary>Starts the container (the caller holds the job) and begins watching for its end.</summary>
    public async Task StartCoreAsync(DomainObject dom, DomainDef def, bool transient, CancellationToken ct)
    {
        var (rc, live) = await Starter.StartAsync(def, transient, ct).ConfigureAwait(false);
        dom.Live = live;
        dom.Handle = rc;
        dom.SetActive(rc.InitPid, StateWithReason.Of(RunningReason.Booted));
        _ = WatchAsync(dom, rc);
    }

    /// <summary>Waits for the helper to end, then cleans up; returns quietly when the daemon lets go.</summary>
    public async Task WatchAsync(DomainObject dom, RunningContainer rc)
    {
        try
        {
            await rc.HelperExited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the driver was disposed: the container runs on and is taken back after the restart
        }
        if (Disposed) return;
        try
        {
            await OnEndedAsync(dom, rc).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Cleaning up after container {Name} failed", dom.Name);
        }
    }

    /// <summary>Waits until the container is gone; kills the helper itself if it does not finish in time.</summary>
    public async Task AwaitStoppedAsync(RunningContainer rc, CancellationToken ct)
    {
        try
        {
            await rc.Stopped.Task.WaitAsync(Options.StartTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            rc.Helper?.Signal(Signals.SIGKILL);
            await rc.Stopped.Task.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task OnEndedAsync(DomainObject dom, RunningContainer rc)
    {
        var name = dom.Name;
        try
        {
            var exit = InitExit.Parse(ReadOrNull(rc.Paths.ExitFile));
            Logger.LogInformation("Container {Name} ended: {Exit}", name, exit?.ToString() ?? "no exit status (the helper died)");
            rc.Release();
            await CleanUpAsync(name, rc.Cgroup, rc.Status.HostInterfaces).ConfigureAwait(false);
            dom.Handle = null;
            if (rc.Intent == StopIntent.Reboot) return; // the caller starts it again
            var (reason, detail, restart) = Classify(rc.Intent, exit);
            var live = dom.Live;
            if (restart && live is not null && await RestartAsync(dom, live).ConfigureAwait(false))
                return;
            MarkStopped(dom, reason, detail);
        }
        finally
        {
            rc.Stopped.TrySetResult();
        }
    }

    /// <summary>Leaves the domain shut off (a transient one disappears) and tells subscribers.</summary>
    public void MarkStopped(DomainObject dom, ShutoffReason reason, StoppedDetail detail)
    {
        var stoppedRef = dom.Ref with { Id = -1 };
        if (!dom.IsPersistent)
            Registry.Remove(dom);
        dom.SetInactive(StateWithReason.Of(reason));
        dom.Live = null;
        Events.Publish(new LifecycleEvent(stoppedRef, LifecycleEventType.Stopped, (int)detail));
    }

    /// <summary>The cgroup (in every hierarchy), leftover veths and the run files of an ended container.</summary>
    public async Task CleanUpAsync(string name, ContainerCgroup cgroup, IEnumerable<string> hostInterfaces)
    {
        try
        {
            await cgroup.RemoveAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Logger.LogWarning("Could not remove the cgroup of container {Name}: {Error}", name, e.Message);
        }
        await ContainerNetwork.RemoveAsync(hostInterfaces, Options.NetworkNamespace).ConfigureAwait(false);
        foreach (var file in Store.PathsOf(name).RunFiles)
            ContainerStarter.TryDelete(file);
    }

    /// <summary>
    /// What an end means. Without a request from us: init exiting, or stopped by SIGTERM/SIGINT (what
    /// the kernel sends init for halt and poweroff), is a shutdown; SIGHUP is the kernel's signal for
    /// a reboot from inside; any other signal (the OOM killer's SIGKILL) is a crash.
    /// </summary>
    internal static (ShutoffReason Reason, StoppedDetail Detail, bool Restart) Classify(StopIntent intent, InitExit? exit) => intent switch
    {
        StopIntent.Destroy => (ShutoffReason.Destroyed, StoppedDetail.Destroyed, false),
        StopIntent.Shutdown => (ShutoffReason.Shutdown, StoppedDetail.Shutdown, false),
        _ when exit is null => (ShutoffReason.Failed, StoppedDetail.Failed, false),
        _ when !exit.Signaled || exit.Code is Signals.SIGTERM or Signals.SIGINT => (ShutoffReason.Shutdown, StoppedDetail.Shutdown, false),
        _ when exit.Code == Signals.SIGHUP => (ShutoffReason.Shutdown, StoppedDetail.Shutdown, true),
        _ => (ShutoffReason.Crashed, StoppedDetail.Crashed, false),
    };

    /// <summary>A reboot asked for from inside: start again with the same live definition.</summary>
    private async Task<bool> RestartAsync(DomainObject dom, DomainDef live)
    {
        try
        {
            using var job = await JobAsync(dom, "reboot", CancellationToken.None).ConfigureAwait(false);
            await StartCoreAsync(dom, live, !dom.IsPersistent, CancellationToken.None).ConfigureAwait(false);
            Events.Publish(new RebootEvent(dom.Ref));
            return true;
        }
        catch (Exception e) when (e is VirException or IOException)
        {
            Logger.LogError("Container {Name} asked to reboot but could not start again: {Error}", dom.Name, e.Message);
            return false;
        }
    }

    internal static string? ReadOrNull(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
    }
}
