using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Test;
using Vireo.Rpc.Server;

namespace Vireo.Client.Tests;

/// <summary>The client library against our server, in-process (embedded mode) and over a Unix socket.</summary>
public sealed class VirConnectionTests : IAsyncLifetime
{
    private TestDriver _driver = null!;
    private RpcServer _server = null!;
    private string _dir = null!;

    public async ValueTask InitializeAsync()
    {
        _driver = new TestDriver(new TestDriverOptions { WithDefaultDomain = true });
        await _driver.StartAsync(CancellationToken.None);
        _server = new RpcServer([_driver]);
        _dir = Path.Combine(Path.GetTempPath(), "vireo-client-" + Guid.NewGuid().ToString("N")[..10]);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private Task<VirConnection> OpenInProcessAsync(bool readOnly = false) =>
        VirConnection.OpenAsync(_server.ConnectInProcess(readOnly), "test:///default", new VirConnectionOptions { ReadOnly = readOnly }, Ct);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Xml(string name, int mib = 128) =>
        $"<domain type='qemu'><name>{name}</name><memory unit='KiB'>{mib * 1024}</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public async Task Host_questions_are_answered()
    {
        await using var c = await OpenInProcessAsync();
        Assert.Equal("TEST", await c.GetTypeAsync(Ct));
        Assert.Equal(2UL, await c.GetVersionAsync(Ct));
        Assert.Equal(9_000_000UL, await c.GetLibVersionAsync(Ct));
        Assert.Equal(Environment.MachineName, await c.GetHostnameAsync(Ct));
        Assert.Equal(16, (await c.GetNodeInfoAsync(Ct)).Cpus);
        Assert.Contains("<capabilities>", await c.GetCapabilitiesAsync(Ct), StringComparison.Ordinal);
        Assert.True(c.IsAlive);
    }

    [Fact]
    public async Task A_domain_goes_through_its_whole_life()
    {
        await using var c = await OpenInProcessAsync();
        var d = await c.DefineDomainAsync(Xml("life1"), ct: Ct);
        Assert.Equal((-1, false), (d.Id, await d.IsActiveAsync(Ct)));
        Assert.Equal(new StateWithReason(DomainState.Shutoff, 0), await d.GetStateAsync(Ct));
        var running = await d.StartAsync(ct: Ct);
        Assert.True(running.Id > 0);
        var info = await d.GetInfoAsync(Ct);
        Assert.Equal((DomainState.Running, 131072UL, 2), (info.State, info.MaxMemKiB, info.VirtCpus));
        Assert.Equal(2, (await d.GetVcpusAsync(ct: Ct)).Count);
        Assert.Equal(2, await d.GetVcpuCountAsync(ct: Ct));
        Assert.Contains("<name>life1</name>", await d.GetXmlDescAsync(ct: Ct), StringComparison.Ordinal);
        Assert.Equal("hvm", await d.GetOsTypeAsync(Ct));
        await d.SuspendAsync(Ct);
        Assert.Equal(StateWithReason.Of(PausedReason.User), await d.GetStateAsync(Ct));
        await d.ResumeAsync(Ct);
        await d.RebootAsync(ct: Ct);
        await d.ResetAsync(Ct);
        await d.SetAutostartAsync(true, Ct);
        Assert.True(await d.GetAutostartAsync(Ct));
        Assert.NotEmpty(await d.GetMemoryStatsAsync(Ct));
        await d.ShutdownAsync(ct: Ct);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), await d.GetStateAsync(Ct));
        await d.UndefineAsync(ct: Ct);
        var e = await Assert.ThrowsAsync<VirException>(() => c.LookupDomainAsync("life1", Ct));
        Assert.Equal((VirErrorCode.NoDomain, "Domain not found: no domain with matching name 'life1'"), (e.Code, e.Message));
    }

    [Fact]
    public async Task Lookups_lists_and_stats()
    {
        await using var c = await OpenInProcessAsync();
        var test = await c.LookupDomainAsync("test", Ct);
        Assert.Equal(test.Uuid, (await c.LookupDomainAsync(test.Uuid, Ct)).Uuid);
        Assert.Equal("test", (await c.LookupDomainAsync(test.Id, Ct)).Name);
        await c.DefineDomainAsync(Xml("idle1"), ct: Ct);
        Assert.Equal(["idle1", "test"], (await c.ListAllDomainsAsync(ct: Ct)).Select(d => d.Name).Order().ToArray());
        Assert.Equal(["test"], (await c.ListAllDomainsAsync(ListFlags.Active, Ct)).Select(d => d.Name).ToArray());
        var stats = await c.GetAllDomainStatsAsync(ct: Ct);
        Assert.Contains(stats, s => s.Domain.Name == "test" && s.Stats.Any(p => p.Field == "state.state" && p.Integer == 1));
    }

    [Fact]
    public async Task Errors_keep_the_daemons_code_and_sentence()
    {
        await using var c = await OpenInProcessAsync();
        var off = await c.DefineDomainAsync(Xml("off1"), ct: Ct);
        var e = await Assert.ThrowsAsync<VirException>(() => off.SuspendAsync(Ct));
        Assert.Equal((VirErrorCode.OperationInvalid, VirErrorDomain.Domain, "Requested operation is not valid: domain is not running"),
            (e.Code, e.ErrorDomain, e.Message));
    }

    [Fact]
    public async Task Read_only_connections_cannot_change_anything()
    {
        await using var c = await OpenInProcessAsync(readOnly: true);
        Assert.Single(await c.ListAllDomainsAsync(ct: Ct));
        var e = await Assert.ThrowsAsync<VirException>(() => c.DefineDomainAsync(Xml("ro1"), ct: Ct));
        Assert.Equal((VirErrorCode.OperationDenied, "operation forbidden: read only access prevents virDomainDefineXMLFlags"), (e.Code, e.Message));
    }

    [Fact]
    public async Task Events_arrive_while_watching_and_registrations_end_with_the_watch()
    {
        await using var c = await OpenInProcessAsync();
        var d = await c.DefineDomainAsync(Xml("ev1"), ct: Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<DomainEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var evt in c.WatchEventsAsync(ct: stop.Token))
            {
                seen.Add(evt);
                if (evt is LifecycleEvent { Type: LifecycleEventType.Stopped }) break;
            }
        }, Ct);
        while (_server.EventRegistrationCount < 2) await Task.Delay(5, Ct);
        await d.StartAsync(ct: Ct);
        await d.RebootAsync(ct: Ct);
        await d.DestroyAsync(ct: Ct);
        await watching.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(["Started", "Reboot", "Stopped"], seen.Select(e => e is LifecycleEvent l ? l.Type.ToString() : e is RebootEvent ? "Reboot" : "?").ToArray());
        while (_server.EventRegistrationCount > 0) await Task.Delay(5, Ct);
    }

    [Fact]
    public async Task Io_error_tray_and_graphics_events_arrive_as_the_driver_published_them()
    {
        await using var c = await OpenInProcessAsync();
        var dom = (await c.LookupDomainAsync("test", Ct)).Ref;
        DomainEvent[] published =
        [
            new IoErrorEvent(dom, "/img/a.raw", "virtio-disk0", 1),
            new GraphicsEvent(dom, 1, new GraphicsEventAddress(0, "127.0.0.1", "5900"), new GraphicsEventAddress(1, "::1", "40000"), "vnc", [("x509dname", "CN=a")]),
            new IoErrorReasonEvent(dom, "/img/a.raw", "virtio-disk0", 1, "enospc"),
            new TrayChangeEvent(dom, "ide0-1-0", 1),
        ];
        await using var sub = await c.SubscribeEventsAsync([4, 5, 6, 10], ct: Ct);
        foreach (var e in published) _driver.Events.Publish(e);
        var seen = new List<DomainEvent>();
        await foreach (var e in sub.Events.ReadAllAsync(Ct))
        {
            seen.Add(e);
            if (seen.Count == published.Length) break;
        }
        Assert.Equal(published, seen);
    }

    [Fact]
    public async Task Console_is_a_duplex_stream_that_ends_when_the_domain_stops()
    {
        await using var c = await OpenInProcessAsync();
        var test = await c.LookupDomainAsync("test", Ct);
        await using var console = await test.OpenConsoleAsync(ct: Ct);
        await console.WriteAsync("echo me\r"u8.ToArray(), Ct);
        var buf = new byte[64];
        var got = new List<byte>();
        while (got.Count < 8) got.AddRange(buf.AsSpan(0, await console.ReadAsync(buf, Ct)).ToArray());
        Assert.Equal("echo me\r", System.Text.Encoding.ASCII.GetString(got.ToArray()));
        await test.DestroyAsync(ct: Ct);
        Assert.Equal(0, await console.ReadAsync(buf, Ct));
        await console.FinishAsync(Ct);
    }

    [Fact]
    public async Task Many_calls_in_flight_on_one_connection_are_matched_by_serial()
    {
        await using var c = await OpenInProcessAsync();
        var names = Enumerable.Range(0, 200).Select(i => $"par{i}").ToArray();
        var defined = await Task.WhenAll(names.Select(n => c.DefineDomainAsync(Xml(n), ct: Ct)));
        Assert.Equal(names, defined.Select(d => d.Name).ToArray());
        var states = await Task.WhenAll(defined.Select(d => d.GetStateAsync(Ct)));
        Assert.All(states, s => Assert.Equal(DomainState.Shutoff, s.State));
    }

    [Fact]
    public async Task Over_a_unix_socket_with_the_socket_parameter()
    {
        var sock = Path.Combine(_dir, "sock");
        _server.ListenUnix(sock);
        await using var c = await VirConnection.OpenAsync($"test+unix:///default?socket={sock}", ct: Ct);
        Assert.Equal("test:///default", c.Uri);
        Assert.Equal("TEST", await c.GetTypeAsync(Ct));
        var missing = await Assert.ThrowsAsync<VirException>(() => VirConnection.OpenAsync($"test+unix:///default?socket={sock}.nope", ct: Ct));
        Assert.Contains("Failed to connect socket", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_embedded_uri_without_a_server_says_what_to_do()
    {
        var e = await Assert.ThrowsAsync<VirException>(() => VirConnection.OpenAsync("qemu:///embed?root=/tmp/x", ct: Ct));
        Assert.Contains("in-process server", e.Message, StringComparison.Ordinal);
    }
}
