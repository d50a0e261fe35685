using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vireo.Web.Api;

/// <summary>
/// A domain as the REST API and the event stream show it (docs/web.md "A domain object"). HasManagedSave: a
/// managed-save image waits (the next start restores it); Title: the domain's &lt;title&gt;, or null.
/// </summary>
public sealed record DomainView(
    string Driver, string Name, Guid Uuid, int? Id,
    string State, int StateCode, string Reason,
    bool Persistent, bool Autostart,
    int Vcpus, ulong MemoryKiB, ulong MaxMemoryKiB, ulong CpuTimeNs,
    int SnapshotCount, bool HasManagedSave, string? Title);

/// <summary>GET /api/v1/host.</summary>
public sealed record HostView(string Hostname, string VireoVersion, NodeView Node, IReadOnlyList<DriverView> Drivers);

/// <summary>virNodeInfo of the host.</summary>
public sealed record NodeView(string Model, ulong MemoryKiB, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads);

/// <summary>One driver vireod runs: its name in URLs, hypervisor type and version, libvirt URI.</summary>
public sealed record DriverView(string Name, string HypervisorType, string HypervisorVersion, string Uri);

/// <summary>The body of every failure.</summary>
public sealed record ErrorBody(ErrorView Error);

public sealed record ErrorView(int Code, string CodeName, int Domain, string Message);

/// <summary>data of an "event: lifecycle" frame.</summary>
public sealed record LifecycleEventData(string Type, string Detail, DomainView Domain);

/// <summary>data of an "event: reboot" frame.</summary>
public sealed record RebootEventData(DomainView Domain);

/// <summary>PUT .../autostart.</summary>
public sealed record AutostartRequest(bool? Autostart);

/// <summary>POST /api/v1/session.</summary>
public sealed record SessionRequest(string? Token);

/// <summary>The source-generated serializers (no reflection: vireod may be trimmed).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DomainView))]
[JsonSerializable(typeof(IReadOnlyList<DomainView>))]
[JsonSerializable(typeof(HostView))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(LifecycleEventData))]
[JsonSerializable(typeof(RebootEventData))]
[JsonSerializable(typeof(AutostartRequest))]
[JsonSerializable(typeof(NetworkView))]
[JsonSerializable(typeof(IReadOnlyList<NetworkView>))]
[JsonSerializable(typeof(PoolView))]
[JsonSerializable(typeof(IReadOnlyList<PoolView>))]
[JsonSerializable(typeof(IReadOnlyList<VolumeView>))]
[JsonSerializable(typeof(NetworkEventData))]
[JsonSerializable(typeof(PoolEventData))]
[JsonSerializable(typeof(MetadataEventData))]
[JsonSerializable(typeof(SessionRequest))]
internal sealed partial class WebJson : JsonSerializerContext
{
    /// <summary>
    /// The serializers the API answers with: like Default, but apostrophes and quotes in messages stay as they
    /// are ("domain 'x'", not "domain \u0027x\u0027"). Control characters are still escaped, so a frame's data
    /// stays on one line; nothing here is written into HTML.
    /// </summary>
    public static WebJson Api { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
