using System.Diagnostics;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Test;

/// <summary>Domain changes of the test driver: instant, under the domain's job, with libvirt's events.</summary>
internal sealed partial class TestDomains : IDomainLifecycle
{
    private static readonly TimeSpan JobWait = TimeSpan.FromSeconds(30);

    /// <summary>Parses a definition; like libvirt, a missing UUID is generated.</summary>
    private static DomainDef ParseDef(string xml)
    {
        var def = DomainXml.Parse(xml);
        return def.Uuid == Guid.Empty ? def with { Uuid = Guid.NewGuid() } : def;
    }

    public async ValueTask<DomainRef> DefineAsync(string xml, DefineFlags flags, CancellationToken ct)
    {
        var def = ParseDef(xml);
        var isNew = false;
        var dom = _registry.AddOrGet(def.Uuid, def.Name, () =>
        {
            isNew = true;
            return new DomainObject(def, persistentDefined: true);
        });
        if (!isNew)
        {
            using var job = await dom.Job.AcquireAsync("define", dom.Name, JobWait, ct).ConfigureAwait(false);
            dom.Persistent = def;
        }
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Defined, (int)(isNew ? DefinedDetail.Added : DefinedDetail.Updated)));
        return dom.Ref;
    }

    public async ValueTask UndefineAsync(Guid uuid, UndefineFlags flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("undefine", dom.Name, JobWait, ct).ConfigureAwait(false);
        if (!dom.IsPersistent) throw VirErrors.Invalid("cannot undefine transient domain");
        if (dom.IsActive) dom.Persistent = null;
        else _registry.Remove(dom);
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Undefined, (int)UndefinedDetail.Removed));
    }

    public async ValueTask<DomainRef> StartAsync(Guid uuid, CreateFlags flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("start", dom.Name, JobWait, ct).ConfigureAwait(false);
        if (dom.IsActive) throw VirErrors.Invalid("domain is already running", _errorDomain);
        Boot(dom, flags);
        return dom.Ref;
    }

    public async ValueTask<DomainRef> CreateTransientAsync(string xml, CreateFlags flags, CancellationToken ct)
    {
        var def = ParseDef(xml);
        var isNew = false;
        var dom = _registry.AddOrGet(def.Uuid, def.Name, () =>
        {
            isNew = true;
            return new DomainObject(def, persistentDefined: false);
        });
        using var job = await dom.Job.AcquireAsync("create", dom.Name, JobWait, ct).ConfigureAwait(false);
        if (!isNew)
        {
            if (dom.IsActive) throw VirErrors.Invalid($"domain '{dom.Name}' is already active", _errorDomain);
            dom.Live = def;
        }
        Boot(dom, flags);
        return dom.Ref;
    }

    private void Boot(DomainObject dom, CreateFlags flags)
    {
        dom.Live ??= dom.Persistent;
        dom.Handle = new Running(Stopwatch.GetTimestamp());
        var paused = flags.HasFlag(CreateFlags.StartPaused);
        dom.SetActive(_registry.NextId(), paused ? StateWithReason.Of(PausedReason.User) : StateWithReason.Of(RunningReason.Booted));
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Started, (int)StartedDetail.Booted));
        if (paused) Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Suspended, (int)SuspendedDetail.Paused));
    }

    public async ValueTask ShutdownAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("shutdown", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Shutdown, (int)ShutdownDetail.Finished));
        Stop(dom, ShutoffReason.Shutdown, StoppedDetail.Shutdown);
    }

    public async ValueTask DestroyAsync(Guid uuid, DestroyFlags flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("destroy", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        Stop(dom, ShutoffReason.Destroyed, StoppedDetail.Destroyed);
    }

    private void Stop(DomainObject dom, ShutoffReason reason, StoppedDetail detail)
    {
        _consoles.EndAll(dom.Uuid);
        dom.Handle = null;
        dom.SetInactive(StateWithReason.Of(reason));
        var stopped = dom.Ref;
        dom.Live = null;
        if (!dom.IsPersistent) _registry.Remove(dom);
        Publish(new LifecycleEvent(stopped, LifecycleEventType.Stopped, (int)detail));
    }

    public async ValueTask RebootAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("reboot", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        Publish(new RebootEvent(dom.Ref));
    }

    public async ValueTask ResetAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("reset", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        Publish(new RebootEvent(dom.Ref));
    }

    public async ValueTask SuspendAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("suspend", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        if (dom.State.State == DomainState.Paused) return;
        dom.SetState(StateWithReason.Of(PausedReason.User));
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Suspended, (int)SuspendedDetail.Paused));
    }

    public async ValueTask ResumeAsync(Guid uuid, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("resume", dom.Name, JobWait, ct).ConfigureAwait(false);
        RequireActive(dom);
        if (dom.State.State != DomainState.Paused) return;
        dom.SetState(StateWithReason.Of(RunningReason.Unpaused));
        Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused));
    }

    public async ValueTask SetAutostartAsync(Guid uuid, bool autostart, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("autostart", dom.Name, JobWait, ct).ConfigureAwait(false);
        if (!dom.IsPersistent) throw VirErrors.Invalid("cannot set autostart for transient domain");
        dom.SetAutostart(autostart);
    }

    public async ValueTask<DomainRef> RenameAsync(Guid uuid, string newName, uint flags, CancellationToken ct)
    {
        var dom = _registry.GetByUuid(uuid);
        using var job = await dom.Job.AcquireAsync("rename", dom.Name, JobWait, ct).ConfigureAwait(false);
        var oldName = dom.Name;
        _registry.Rename(dom, DomainRename.Check(dom, newName, flags, "testDomainRename", _errorDomain));
        var (gone, came) = DomainRename.Events(oldName, dom.Ref);
        Publish(gone);
        Publish(came);
        return dom.Ref;
    }

    private static void RequireActive(DomainObject dom)
    {
        if (!dom.IsActive) throw VirErrors.NotRunning(dom.Name);
    }

    private void Publish(DomainEvent evt) => _events.Publish(evt);
}
