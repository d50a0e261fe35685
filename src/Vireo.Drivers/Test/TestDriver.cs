using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Test;

/// <summary>How the in-memory driver presents itself.</summary>
public sealed record TestDriverOptions
{
    /// <summary>URI schemes it answers; tests that drive it with virsh may register it as "qemu".</summary>
    public IReadOnlyList<string> UriSchemes { get; init; } = ["test"];
    public string CanonicalUri { get; init; } = "test:///default";
    public string HypervisorType { get; init; } = "TEST";

    /// <summary>libvirt's test driver reports version 2 (0.0.2).</summary>
    public ulong HypervisorVersion { get; init; } = 2;

    /// <summary>VIR_FROM_TEST (12) by default; VIR_FROM_QEMU when standing in for the QEMU driver.</summary>
    public VirErrorDomain ErrorDomain { get; init; } = (VirErrorDomain)12;

    /// <summary>Start with one running domain "test", like libvirt's test:///default.</summary>
    public bool WithDefaultDomain { get; init; }
}

/// <summary>
/// An in-memory hypervisor like libvirt's test:///default: domains are defined, started, paused and
/// stopped instantly, with the same states, errors and lifecycle events as a real driver, and every
/// running domain has a console that echoes what is typed. For fast protocol and client tests.
/// </summary>
public sealed class TestDriver : IHypervisorDriver
{
    /// <summary>The XML of the default domain (libvirt's test driver has a running "test" domain).</summary>
    public const string DefaultDomainXml =
        "<domain type='qemu'>\n  <name>test</name>\n  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n" +
        "  <memory unit='KiB'>8388608</memory>\n  <currentMemory unit='KiB'>2097152</currentMemory>\n  <vcpu>2</vcpu>\n" +
        "  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n</domain>\n";

    private readonly TestDomains _domains;

    public TestDriver(TestDriverOptions? options = null)
    {
        Options = options ?? new TestDriverOptions();
        Registry = new DomainRegistry(Options.ErrorDomain);
        Events = new DomainEventBus();
        var host = new TestHostInfo(Options);
        Host = host;
        var consoles = new TestConsoles(Registry);
        Consoles = consoles;
        _domains = new TestDomains(Registry, Events, consoles, host, Options.ErrorDomain);
        Features[typeof(IDomainMetadata)] = new DomainMetadataService(Registry.GetByUuid, new TestMetadataStore(), Events, Options.ErrorDomain, "test");
    }

    public TestDriverOptions Options { get; }
    public DomainRegistry Registry { get; }

    public IReadOnlyList<string> UriSchemes => Options.UriSchemes;
    public VirErrorDomain ErrorDomain => Options.ErrorDomain;
    public IHostInfo Host { get; }
    public IDomainQueries Domains => _domains;
    public IDomainLifecycle Lifecycle => _domains;
    public IDomainConsoles Consoles { get; }
    public DomainEventBus Events { get; }

    /// <summary>Optional capabilities registered by tests (snapshots, tuning, ...); none by default.</summary>
    public Dictionary<Type, object> Features { get; } = [];

    public T? Feature<T>() where T : class => Features.TryGetValue(typeof(T), out var f) ? (T)f : null;

    public async ValueTask StartAsync(CancellationToken ct)
    {
        if (!Options.WithDefaultDomain || Registry.FindByName("test") is not null) return;
        var d = await _domains.DefineAsync(DefaultDomainXml, DefineFlags.None, ct).ConfigureAwait(false);
        await _domains.StartAsync(d.Uuid, CreateFlags.None, ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
