using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Runtime;
using Vireo.Lxc.Runtime;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Driver;

/// <summary>
/// Daemon start: load the saved definitions, take back containers whose helper still runs (the helper
/// and init are found by pid and start time, so a reused pid is never adopted), clean up after those
/// that ended while vireod was away, then start the autostart domains.
/// </summary>
internal sealed partial class LxcRuntime
{
    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var name in Store.DomainNames())
        {
            try
            {
                await LoadOneAsync(name).ConfigureAwait(false);
            }
            catch (Exception e) when (e is VirException or IOException or FormatException or System.Xml.XmlException)
            {
                Logger.LogError("Skipping container {Name}: its saved state cannot be read: {Error}", name, e.Message);
            }
        }
        foreach (var dom in Registry.All.Where(d => d.IsPersistent && d.Autostart && !d.IsActive))
        {
            try
            {
                using var job = await JobAsync(dom, "autostart", ct).ConfigureAwait(false);
                await StartCoreAsync(dom, dom.Persistent!, transient: false, ct).ConfigureAwait(false);
                Publish(dom, LifecycleEventType.Started, (int)StartedDetail.Booted);
            }
            catch (VirException e)
            {
                Logger.LogError("Autostart of container {Name} failed: {Error}", dom.Name, e.Message);
            }
        }
    }

    private async Task LoadOneAsync(string name)
    {
        var configText = Store.ReadConfigText(name);
        var statusText = Store.ReadStatusText(name);
        if (configText is null && statusText is null) return;
        var persistent = configText is null ? null : DomainXml.Parse(configText);
        var status = statusText is null ? null : ContainerStatus.Parse(statusText);
        var live = status is null ? null : DomainXml.Parse(status.LiveXml);
        var dom = Registry.AddOrGet((persistent ?? live)!.Uuid, name, () => new DomainObject((persistent ?? live)!, persistent is not null));
        if (persistent is not null && Store.IsAutostart(name)) dom.SetAutostart(true);
        if (status is not null) await AdoptAsync(dom, status, live!).ConfigureAwait(false);
    }

    private async Task AdoptAsync(DomainObject dom, ContainerStatus status, DomainDef live)
    {
        var paths = Store.PathsOf(dom.Name);
        var cgroup = ContainerCgroup.Open(status.CgroupPath, Options.CgroupLayout);
        var helper = WatchedProcess.TryAdopt(status.Helper);
        if (helper is null)
        {
            var exit = InitExit.Parse(ReadOrNull(paths.ExitFile));
            Logger.LogInformation("Container {Name} ended while the daemon was away ({Exit})", dom.Name, exit?.ToString() ?? "no exit status");
            await CleanUpAsync(dom.Name, cgroup, status.HostInterfaces).ConfigureAwait(false);
            dom.Live = live;
            var (reason, detail, _) = Classify(StopIntent.None, exit);
            MarkStopped(dom, reason, detail);
            return;
        }
        var rc = new RunningContainer
        {
            Paths = paths, Cgroup = cgroup, Status = status, Helper = helper, Init = WatchedProcess.TryAdopt(status.Init),
        };
        dom.Live = live;
        dom.Handle = rc;
        bool frozen;
        try { frozen = cgroup.Controller.IsFrozen; }
        catch (Exception e) when (e is NotSupportedException or IOException) { frozen = false; }
        dom.SetActive(status.Init.Pid, frozen ? StateWithReason.Of(PausedReason.User) : StateWithReason.Of(RunningReason.Booted));
        Logger.LogInformation("Reconnected to container {Name} (helper {Helper}, init {Init})", dom.Name, status.Helper.Pid, status.Init.Pid);
        _ = WatchAsync(dom, rc);
    }
}
