using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Drivers.Runtime;

/// <summary>How one driver records a metadata change: the saved definition (atomically) and the running one.</summary>
public interface IMetadataStore
{
    ValueTask<DomainJob.Lease> JobAsync(DomainObject dom, CancellationToken ct);

    /// <summary>Saves a new persistent definition (the caller then puts it in the domain object).</summary>
    Task SaveConfigAsync(DomainObject dom, DomainDef config, CancellationToken ct);

    /// <summary>Records a new live definition of a running domain (in memory and wherever the driver keeps its status).</summary>
    Task SaveLiveAsync(DomainObject dom, DomainDef live, CancellationToken ct);
}

/// <summary>
/// virsh desc and virsh metadata for every driver (QEMU, LXC, test): libvirt's rules, checked against
/// libvirtd 9.0. Everything is computed and checked before anything is written, the saved definition is
/// written before the running one changes, and one METADATA_CHANGE event follows each successful call
/// whichever definitions it changed. Reads take no job.
/// </summary>
public sealed class DomainMetadataService(
    Func<Guid, DomainObject> lookup, IMetadataStore store, DomainEventBus events, VirErrorDomain from, string driverPrefix) : IDomainMetadata
{
    private const uint KnownFlags = (uint)(ModifyFlags.Live | ModifyFlags.Config);

    public async ValueTask SetMetadataAsync(Guid uuid, MetadataType type, string? metadata, string? key, string? uri, ModifyFlags flags, CancellationToken ct)
    {
        CheckFlags(flags, "SetMetadata");
        CheckType(type);
        var dom = lookup(uuid);
        using var job = await store.JobAsync(dom, ct).ConfigureAwait(false);
        var (live, config) = Targets(dom, flags);
        // Both new definitions first: a refused value (bad XML, bad key) leaves both as they were.
        var newConfig = config ? Apply(dom.Persistent!, type, metadata, key, uri) : null;
        var newLive = live ? Apply(dom.Live ?? dom.Current, type, metadata, key, uri) : null;
        if (newConfig is not null)
        {
            await store.SaveConfigAsync(dom, newConfig, ct).ConfigureAwait(false);
            dom.Persistent = newConfig;
        }
        if (newLive is not null) await store.SaveLiveAsync(dom, newLive, ct).ConfigureAwait(false);
        events.Publish(new MetadataChangeEvent(dom.Ref, (int)type, type == MetadataType.Element ? uri : null));
    }

    public string GetMetadata(Guid uuid, MetadataType type, string? uri, ModifyFlags flags)
    {
        CheckFlags(flags, "GetMetadata");
        if (flags.HasFlag(ModifyFlags.Live) && flags.HasFlag(ModifyFlags.Config))
            throw VirErrors.InvalidArgSentence("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        CheckType(type);
        var dom = lookup(uuid);
        var (live, _) = Targets(dom, flags);
        var def = live ? dom.Live ?? dom.Current : dom.Persistent!;
        var value = type switch
        {
            MetadataType.Title => def.Title,
            MetadataType.Description => def.Description,
            _ => MetadataXml.Get(def.Metadata, uri ?? ""),
        };
        return value ?? throw new VirException(VirErrorCode.NoDomainMetadata, VirErrorDomain.Domain, "Requested metadata element is not present");
    }

    /// <summary>The definition with one item set or removed (virDomainDefSetMetadata).</summary>
    public static DomainDef Apply(DomainDef def, MetadataType type, string? metadata, string? key, string? uri)
    {
        // An empty title or description removes it, as libvirt does.
        var text = string.IsNullOrEmpty(metadata) ? null : metadata;
        return type switch
        {
            MetadataType.Title => def with { Title = text },
            MetadataType.Description => def with { Description = text },
            _ => def with { Metadata = MetadataXml.Set(def.Metadata, metadata, key, uri ?? "") },
        };
    }

    /// <summary>
    /// The checks libvirt's client library makes before a call leaves it (repeated for clients that speak the
    /// protocol directly), worded as libvirt words them.
    /// </summary>
    public static void CheckArguments(MetadataType type, string? metadata, string? key, string? uri, bool set)
    {
        var api = set ? "virDomainSetMetadata" : "virDomainGetMetadata";
        switch (type)
        {
            case MetadataType.Title when set && metadata is not null && metadata.Contains('\n'):
                throw VirErrors.InvalidArg("metadata title can't contain newlines");
            case MetadataType.Title or MetadataType.Description:
                if (uri is not null) throw VirErrors.InvalidArg($"uri in {api} must be NULL");
                if (key is not null) throw VirErrors.InvalidArg($"key in {api} must be NULL");
                break;
            case MetadataType.Element:
                if (uri is null) throw VirErrors.NonNullArg("uri", api);
                if (set && metadata is not null && key is null) throw VirErrors.NonNullArg("key", api);
                break;
        }
    }

    private void CheckFlags(ModifyFlags flags, string function)
    {
        VirErrors.CheckFlags((uint)flags, KnownFlags, $"{driverPrefix}Domain{function}", from);
    }

    private static void CheckType(MetadataType type)
    {
        if (type is not (MetadataType.Description or MetadataType.Title or MetadataType.Element))
            throw VirErrors.InvalidArg($"unknown metadata type '{(int)type}'");
    }

    /// <summary>virDomainObjGetDefs: CURRENT means the running definition when running, else the saved one.</summary>
    private static (bool Live, bool Config) Targets(DomainObject dom, ModifyFlags flags)
    {
        bool live = flags.HasFlag(ModifyFlags.Live), config = flags.HasFlag(ModifyFlags.Config);
        if (!live && !config)
        {
            live = dom.IsActive;
            config = !dom.IsActive;
        }
        if (live && !dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        if (config && !dom.IsPersistent) throw VirErrors.TransientHasNoConfig();
        return (live, config);
    }
}
