namespace Vireo.Web.Api;

/// <summary>A virtual network as the REST API and the event stream show it (docs/web.md "A network object").</summary>
public sealed record NetworkView(string Name, Guid Uuid, string State, bool Active, bool Persistent, bool Autostart, string? Bridge);

/// <summary>A storage pool (docs/web.md "A pool object"): state in virsh pool-list's words, sizes in bytes.</summary>
public sealed record PoolView(string Name, Guid Uuid, string State, int StateCode, bool Persistent, bool Autostart,
    ulong Capacity, ulong Allocation, ulong Available);

/// <summary>A volume of a pool: its file's path, virsh vol-list --details' type word, image format, sizes in bytes.</summary>
public sealed record VolumeView(string Name, string Path, string Type, string Format, ulong Capacity, ulong Allocation);

/// <summary>data of an "event: network" frame: libvirt's network lifecycle event in lower case.</summary>
public sealed record NetworkEventData(string Type, NetworkView Network);

/// <summary>data of an "event: pool" frame: a lifecycle event in lower case, or "refreshed".</summary>
public sealed record PoolEventData(string Type, PoolView Pool);

/// <summary>data of an "event: metadata" frame: which part changed ("description", "title", "element").</summary>
public sealed record MetadataEventData(string Type, DomainView Domain);
