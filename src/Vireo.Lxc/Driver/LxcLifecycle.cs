using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Schemas;
using Vireo.Lxc.Runtime;
using Vireo.Lxc.Validation;
using Vireo.Platform.Processes;

namespace Vireo.Lxc.Driver;

/// <summary>Define, start, stop and pause containers. Every change holds the domain's job.</summary>
internal sealed class LxcLifecycle : IDomainLifecycle
{
    private readonly LxcRuntime _rt;

    public LxcLifecycle(LxcRuntime runtime) => _rt = runtime;

    public async ValueTask<DomainRef> DefineAsync(string xml, DefineFlags flags, CancellationToken ct)
    {
        if (flags.HasFlag(DefineFlags.Validate)) LibvirtSchema.CheckDomain(xml);
        var def = Prepare(xml);
        bool created = false;
        var dom = _rt.Registry.AddOrGet(def.Uuid, def.Name, () => { created = true; return new DomainObject(def, persistentDefined: true); });
        using var job = await _rt.JobAsync(dom, "define", ct).ConfigureAwait(false);
        try
        {
            await _rt.Store.WriteConfigAsync(def, ct).ConfigureAwait(false);
        }
        catch
        {
            if (created) _rt.Registry.Remove(dom);
            throw;
        }
        bool wasPersistent = !created && dom.IsPersistent;
        dom.Persistent = def;
        _rt.Publish(dom, LifecycleEventType.Defined, (int)(wasPersistent ? DefinedDetail.Updated : DefinedDetail.Added));
        return dom.Ref;
    }

    public async ValueTask UndefineAsync(Guid uuid, UndefineFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "undefine", ct).ConfigureAwait(false);
        if (!dom.IsPersistent)
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc, "cannot undefine transient domain");
        var name = dom.Name;
        _rt.Store.DeleteConfig(name);
        dom.SetAutostart(false);
        if (dom.Handle is RunningContainer rc)
        {
            // A running container stays, now transient; its status file must say so for a restart.
            await RunFile.WriteAsync(rc.Paths.StatusFile, (rc.Status with { Transient = true }).Format(), ct).ConfigureAwait(false);
            _rt.Publish(dom, LifecycleEventType.Undefined, (int)UndefinedDetail.Removed);
            dom.Persistent = null;
        }
        else
        {
            _rt.Publish(dom, LifecycleEventType.Undefined, (int)UndefinedDetail.Removed);
            _rt.Registry.Remove(dom);
        }
    }

    public async ValueTask<DomainRef> StartAsync(Guid uuid, CreateFlags flags, CancellationToken ct)
    {
        CheckCreateFlags(flags);
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "start", ct).ConfigureAwait(false);
        if (dom.IsActive) throw VirErrors.AlreadyActive(dom.Name);
        await _rt.StartCoreAsync(dom, dom.Persistent!, transient: false, ct).ConfigureAwait(false);
        await AfterStartAsync(dom, flags, ct).ConfigureAwait(false);
        return dom.Ref;
    }

    public async ValueTask<DomainRef> CreateTransientAsync(string xml, CreateFlags flags, CancellationToken ct)
    {
        CheckCreateFlags(flags);
        if (flags.HasFlag(CreateFlags.Validate)) LibvirtSchema.CheckDomain(xml);
        var def = Prepare(xml);
        bool created = false;
        var dom = _rt.Registry.AddOrGet(def.Uuid, def.Name, () => { created = true; return new DomainObject(def, persistentDefined: false); });
        using var job = await _rt.JobAsync(dom, "create", ct).ConfigureAwait(false);
        if (dom.IsActive) throw VirErrors.AlreadyActive(dom.Name);
        try
        {
            await _rt.StartCoreAsync(dom, def, transient: !dom.IsPersistent, ct).ConfigureAwait(false);
        }
        catch
        {
            if (created) _rt.Registry.Remove(dom);
            throw;
        }
        await AfterStartAsync(dom, flags, ct).ConfigureAwait(false);
        return dom.Ref;
    }

    private async Task AfterStartAsync(DomainObject dom, CreateFlags flags, CancellationToken ct)
    {
        _rt.Publish(dom, LifecycleEventType.Started, (int)StartedDetail.Booted);
        if (!flags.HasFlag(CreateFlags.StartPaused)) return;
        await LxcRuntime.Running(dom).Cgroup.Controller.FreezeAsync(ct).ConfigureAwait(false);
        dom.SetState(StateWithReason.Of(PausedReason.User));
        _rt.Publish(dom, LifecycleEventType.Suspended, (int)SuspendedDetail.Paused);
    }

    public async ValueTask ShutdownAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct)
    {
        if ((flags & ~ShutdownFlags.Signal) != 0)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Lxc, "a container is shut down by a signal to its init; other shutdown modes are not supported");
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "shutdown", ct).ConfigureAwait(false);
        var rc = LxcRuntime.Running(dom);
        if (rc.Intent != StopIntent.Destroy) rc.Intent = StopIntent.Shutdown;
        rc.SignalInit(Signals.SIGTERM);
        // As libvirt, shutdown returns once init was asked; an init that ignores SIGTERM (a shell as
        // PID 1 does) is killed after the grace period so the request always ends the container.
        _ = KillAfterGraceAsync(rc);
    }

    private async Task KillAfterGraceAsync(RunningContainer rc)
    {
        try
        {
            await rc.Stopped.Task.WaitAsync(_rt.Options.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            rc.SignalInit(Signals.SIGKILL);
            await ThawIfFrozenAsync(rc).ConfigureAwait(false);
        }
    }

    public async ValueTask DestroyAsync(Guid uuid, DestroyFlags flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "destroy", ct).ConfigureAwait(false);
        var rc = LxcRuntime.Running(dom);
        rc.Intent = StopIntent.Destroy;
        await StopAsync(rc, graceful: flags.HasFlag(DestroyFlags.Graceful), ct).ConfigureAwait(false);
    }

    /// <summary>SIGKILL to init ends the whole pid namespace at once; the helper then reports and exits.</summary>
    private async Task StopAsync(RunningContainer rc, bool graceful, CancellationToken ct)
    {
        if (graceful)
        {
            rc.SignalInit(Signals.SIGTERM);
            try
            {
                await rc.Stopped.Task.WaitAsync(_rt.Options.ShutdownTimeout, ct).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException) { }
        }
        rc.SignalInit(Signals.SIGKILL);
        // Frozen tasks do not die until thawed.
        await ThawIfFrozenAsync(rc).ConfigureAwait(false);
        await _rt.AwaitStoppedAsync(rc, ct).ConfigureAwait(false);
    }

    private static async Task ThawIfFrozenAsync(RunningContainer rc)
    {
        try
        {
            if (rc.Cgroup.Controller.IsFrozen) await rc.Cgroup.Controller.ThawAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or TimeoutException) { }
    }

    public ValueTask RebootAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct) => RestartAsync(uuid, graceful: true, "reboot", ct);

    public ValueTask ResetAsync(Guid uuid, CancellationToken ct) => RestartAsync(uuid, graceful: false, "reset", ct);

    /// <summary>Stops the container and starts it again from the same live definition; the domain stays active.</summary>
    private async ValueTask RestartAsync(Guid uuid, bool graceful, string operation, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, operation, ct).ConfigureAwait(false);
        var rc = LxcRuntime.Running(dom);
        var live = dom.Live!;
        rc.Intent = StopIntent.Reboot;
        await StopAsync(rc, graceful, ct).ConfigureAwait(false);
        try
        {
            await _rt.StartCoreAsync(dom, live, transient: !dom.IsPersistent, ct).ConfigureAwait(false);
        }
        catch
        {
            _rt.MarkStopped(dom, ShutoffReason.Failed, StoppedDetail.Failed);
            throw;
        }
        _rt.Events.Publish(new RebootEvent(dom.Ref));
    }

    public async ValueTask SuspendAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "suspend", ct).ConfigureAwait(false);
        var rc = LxcRuntime.Running(dom);
        if (dom.State.State == DomainState.Paused) return;
        await Freezer(dom, () => rc.Cgroup.Controller.FreezeAsync(ct)).ConfigureAwait(false);
        dom.SetState(StateWithReason.Of(PausedReason.User));
        _rt.Publish(dom, LifecycleEventType.Suspended, (int)SuspendedDetail.Paused);
    }

    public async ValueTask ResumeAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "resume", ct).ConfigureAwait(false);
        var rc = LxcRuntime.Running(dom);
        if (dom.State.State != DomainState.Paused)
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc, "domain is not paused");
        await Freezer(dom, () => rc.Cgroup.Controller.ThawAsync(ct)).ConfigureAwait(false);
        dom.SetState(StateWithReason.Of(RunningReason.Unpaused));
        _rt.Publish(dom, LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused);
    }

    private static async Task Freezer(DomainObject dom, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or TimeoutException)
        {
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Lxc, $"cannot use the freezer of container '{dom.Name}': {e.Message}", e);
        }
    }

    public async ValueTask SetAutostartAsync(Guid uuid, bool autostart, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        if (!dom.IsPersistent)
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Lxc, "cannot set autostart for transient domain");
        await _rt.Store.SetAutostartAsync(dom.Name, autostart, ct).ConfigureAwait(false);
        dom.SetAutostart(autostart);
    }

    /// <summary>
    /// domrename of a container: the definition is written under the new name and the autostart mark moves,
    /// then the old files go; a failure on the way puts everything back. Its old run directory (logs) stays.
    /// </summary>
    public async ValueTask<DomainRef> RenameAsync(Guid uuid, string newName, uint flags, CancellationToken ct)
    {
        var dom = _rt.Get(uuid);
        using var job = await _rt.JobAsync(dom, "rename", ct).ConfigureAwait(false);
        var old = dom.Persistent;
        var renamed = DomainRename.Check(dom, newName, flags, "lxcDomainRename", VirErrorDomain.Lxc);
        var oldName = old!.Name;
        _rt.Registry.Rename(dom, renamed);
        try
        {
            await _rt.Store.WriteConfigAsync(renamed, ct).ConfigureAwait(false);
            if (dom.Autostart) await _rt.Store.SetAutostartAsync(newName, true, ct).ConfigureAwait(false);
        }
        catch
        {
            _rt.Store.DeleteConfig(newName);
            _rt.Registry.Rename(dom, old);
            throw;
        }
        _rt.Store.DeleteConfig(oldName);
        var (gone, came) = DomainRename.Events(oldName, dom.Ref);
        _rt.Events.Publish(gone);
        _rt.Events.Publish(came);
        return dom.Ref;
    }

    /// <summary>
    /// Parse, libvirt's defaults (a redefinition without a UUID keeps the domain's), the common rules,
    /// then what this driver adds: the container rules and the shared-root safety check.
    /// </summary>
    private DomainDef Prepare(string xml)
    {
        var parsed = DomainXml.Parse(xml);
        if (parsed.Uuid == Guid.Empty && _rt.Registry.FindByName(parsed.Name) is { } existing)
            parsed = parsed with { Uuid = existing.Uuid };
        var def = DomainDefaults.Apply(parsed);
        if (def.Type != DomainTypes.Lxc)
            throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Lxc,
                $"domain '{def.Name}' has type '{def.Type}', but the LXC driver runs only domains of type 'lxc'");
        DomainValidator.Validate(def);
        ContainerValidator.Validate(def);
        _rt.Checks.CheckSharedRootInit(def);
        return def;
    }

    private static void CheckCreateFlags(CreateFlags flags)
    {
        if ((flags & ~(CreateFlags.StartPaused | CreateFlags.Validate)) != 0)
            throw new VirException(VirErrorCode.ArgumentUnsupported, VirErrorDomain.Lxc, $"unsupported flags (0x{(uint)flags:x}) in starting a container");
    }
}
