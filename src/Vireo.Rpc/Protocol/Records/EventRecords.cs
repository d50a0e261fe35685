using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_connect_domain_event_callback_register_any_args (dom NULL = all domains).</summary>
public readonly record struct EventRegisterArgs(int EventId, DomainRef? Dom) : IXdrRecord<EventRegisterArgs>
{
    public static EventRegisterArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadOptionalDomain());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(EventId);
        w.WriteOptionalDomain(Dom);
    }
}

// The event messages (MESSAGE type, serial 1). All callback variants start with the callbackID the client
// got from REGISTER_ANY; that is how the client finds its handler.

/// <summary>318 lifecycle: {callbackID, {dom, event, detail}}.</summary>
public readonly record struct LifecycleEventMsg(int CallbackId, DomainRef Dom, int Event, int Detail) : IXdrRecord<LifecycleEventMsg>
{
    public static LifecycleEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(Event);
        w.WriteInt(Detail);
    }
}

/// <summary>319 reboot and 325 control error: {callbackID, {dom}}.</summary>
public readonly record struct DomainOnlyEventMsg(int CallbackId, DomainRef Dom) : IXdrRecord<DomainOnlyEventMsg>
{
    public static DomainOnlyEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
    }
}

/// <summary>320 RTC change: {callbackID, {dom, hyper offset}}.</summary>
public readonly record struct RtcChangeEventMsg(int CallbackId, DomainRef Dom, long Offset) : IXdrRecord<RtcChangeEventMsg>
{
    public static RtcChangeEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteHyper(Offset);
    }
}

/// <summary>
/// {callbackID, dom, int} events: 321 watchdog (action), 359 migration iteration (iteration).
/// </summary>
public readonly record struct DomainIntEventMsg(int CallbackId, DomainRef Dom, int Value) : IXdrRecord<DomainIntEventMsg>
{
    public static DomainIntEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(Value);
    }
}

/// <summary>322 I/O error: {callbackID, {dom, srcPath, devAlias, action}}; 324 adds a reason.</summary>
public readonly record struct IoErrorEventMsg(int CallbackId, DomainRef Dom, string SrcPath, string DevAlias, int Action, string? Reason)
    : IXdrRecord<IoErrorEventMsg>
{
    /// <summary>Decodes the 322 form; the 324 form is read with <see cref="DecodeWithReason"/>.</summary>
    public static IoErrorEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadString(), r.ReadInt(), null);

    public static IoErrorEventMsg DecodeWithReason(ref XdrReader r) =>
        new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadString(), r.ReadInt(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(SrcPath);
        w.WriteString(DevAlias);
        w.WriteInt(Action);
        if (Reason is not null) w.WriteString(Reason);
    }
}

/// <summary>remote_domain_event_graphics_address.</summary>
public readonly record struct GraphicsAddress(int Family, string Node, string Service);

/// <summary>323 graphics: {callbackID, {dom, phase, local, remote, authScheme, subject&lt;20&gt;}}.</summary>
public readonly record struct GraphicsEventMsg(int CallbackId, DomainRef Dom, int Phase, GraphicsAddress Local, GraphicsAddress Remote,
    string AuthScheme, (string Type, string Name)[] Subject) : IXdrRecord<GraphicsEventMsg>
{
    public static GraphicsEventMsg Decode(ref XdrReader r)
    {
        var cb = r.ReadInt();
        var dom = r.ReadDomain();
        var phase = r.ReadInt();
        var local = new GraphicsAddress(r.ReadInt(), r.ReadString(), r.ReadString());
        var remote = new GraphicsAddress(r.ReadInt(), r.ReadString(), r.ReadString());
        var scheme = r.ReadString();
        var n = r.ReadCount(XdrLimits.DomainEventGraphicsIdentityMax, 8);
        var subject = new (string, string)[n];
        for (var i = 0; i < n; i++) subject[i] = (r.ReadString(), r.ReadString());
        return new GraphicsEventMsg(cb, dom, phase, local, remote, scheme, subject);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(Phase);
        foreach (var a in new[] { Local, Remote })
        {
            w.WriteInt(a.Family);
            w.WriteString(a.Node);
            w.WriteString(a.Service);
        }
        w.WriteString(AuthScheme);
        w.WriteInt(Subject.Length);
        foreach (var (type, name) in Subject)
        {
            w.WriteString(type);
            w.WriteString(name);
        }
    }
}

/// <summary>326 block job and 339 block job 2: {callbackID, dom, path or target, type, status} (same layout).</summary>
public readonly record struct BlockJobEventMsg(int CallbackId, DomainRef Dom, string Disk, int Type, int Status) : IXdrRecord<BlockJobEventMsg>
{
    public static BlockJobEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(Disk);
        w.WriteInt(Type);
        w.WriteInt(Status);
    }
}

/// <summary>327 disk change: {callbackID, {dom, oldSrcPath?, newSrcPath?, devAlias, reason}}.</summary>
public readonly record struct DiskChangeEventMsg(int CallbackId, DomainRef Dom, string? OldSrcPath, string? NewSrcPath, string DevAlias, int Reason)
    : IXdrRecord<DiskChangeEventMsg>
{
    public static DiskChangeEventMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), r.ReadDomain(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadString(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteOptionalString(OldSrcPath);
        w.WriteOptionalString(NewSrcPath);
        w.WriteString(DevAlias);
        w.WriteInt(Reason);
    }
}

/// <summary>328 tray change: {callbackID, {dom, devAlias, reason}}.</summary>
public readonly record struct TrayChangeEventMsg(int CallbackId, DomainRef Dom, string DevAlias, int Reason) : IXdrRecord<TrayChangeEventMsg>
{
    public static TrayChangeEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(DevAlias);
        w.WriteInt(Reason);
    }
}

/// <summary>329 pmwakeup, 330 pmsuspend, 332 pmsuspend disk: {callbackID, reason, {dom}} (reason before the domain).</summary>
public readonly record struct PmEventMsg(int CallbackId, int Reason, DomainRef Dom) : IXdrRecord<PmEventMsg>
{
    public static PmEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadDomain());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteInt(Reason);
        w.WriteDomain(Dom);
    }
}

/// <summary>331 balloon change: {callbackID, {dom, unsigned hyper actual}}.</summary>
public readonly record struct BalloonChangeEventMsg(int CallbackId, DomainRef Dom, ulong Actual) : IXdrRecord<BalloonChangeEventMsg>
{
    public static BalloonChangeEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteUHyper(Actual);
    }
}

/// <summary>333 device removed, 354 device added, 367 device removal failed: {callbackID, dom, devAlias}.</summary>
public readonly record struct DeviceAliasEventMsg(int CallbackId, DomainRef Dom, string DevAlias) : IXdrRecord<DeviceAliasEventMsg>
{
    public static DeviceAliasEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(DevAlias);
    }
}

/// <summary>346 tunable and 363 job completed: {callbackID, dom, params}.</summary>
public readonly record struct ParamsEventMsg(int CallbackId, DomainRef Dom, IReadOnlyList<TypedParameter> Params) : IXdrRecord<ParamsEventMsg>
{
    public static ParamsEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadTypedParams(XdrLimits.DomainEventTunableMax));

    /// <summary>363 job completed: its list is bounded by REMOTE_DOMAIN_JOB_STATS_MAX, not the tunable event's.</summary>
    public static ParamsEventMsg DecodeJobCompleted(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadTypedParams(DomainGetJobStatsRet.JobStatsMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteTypedParams(Params);
    }
}

/// <summary>348 agent lifecycle: {callbackID, dom, state, reason}.</summary>
public readonly record struct AgentLifecycleEventMsg(int CallbackId, DomainRef Dom, int State, int Reason) : IXdrRecord<AgentLifecycleEventMsg>
{
    public static AgentLifecycleEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(State);
        w.WriteInt(Reason);
    }
}

/// <summary>379 metadata change: {callbackID, dom, type, nsuri?}.</summary>
public readonly record struct MetadataChangeEventMsg(int CallbackId, DomainRef Dom, int Type, string? NsUri) : IXdrRecord<MetadataChangeEventMsg>
{
    public static MetadataChangeEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadInt(), r.ReadOptionalString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(Type);
        w.WriteOptionalString(NsUri);
    }
}

/// <summary>385 block threshold: {callbackID, dom, dev, path?, threshold, excess}.</summary>
public readonly record struct BlockThresholdEventMsg(int CallbackId, DomainRef Dom, string Dev, string? Path, ulong Threshold, ulong Excess)
    : IXdrRecord<BlockThresholdEventMsg>
{
    public static BlockThresholdEventMsg Decode(ref XdrReader r) =>
        new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadOptionalString(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(Dev);
        w.WriteOptionalString(Path);
        w.WriteUHyper(Threshold);
        w.WriteUHyper(Excess);
    }
}

/// <summary>423 memory failure: {callbackID, dom, recipient, action, flags}.</summary>
public readonly record struct MemoryFailureEventMsg(int CallbackId, DomainRef Dom, int Recipient, int Action, uint Flags) : IXdrRecord<MemoryFailureEventMsg>
{
    public static MemoryFailureEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadInt(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteInt(Recipient);
        w.WriteInt(Action);
        w.WriteUInt(Flags);
    }
}

/// <summary>438 memory device size change: {callbackID, dom, alias, size}.</summary>
public readonly record struct MemoryDeviceSizeChangeEventMsg(int CallbackId, DomainRef Dom, string Alias, ulong Size) : IXdrRecord<MemoryDeviceSizeChangeEventMsg>
{
    public static MemoryDeviceSizeChangeEventMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadDomain(), r.ReadString(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteDomain(Dom);
        w.WriteString(Alias);
        w.WriteUHyper(Size);
    }
}
