using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Snmp.Hosting;
using Vireo.Snmp.Mib;
using Vireo.Snmp.Session;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Hosting;

/// <summary>The settings vireod takes (--agentx, the Snmp config section) and the one-line host wiring.</summary>
public class HostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("unix:/var/agentx/master", "/var/agentx/master", null, 0, "unix:/var/agentx/master")]
    [InlineData("/run/snmp/agentx", "/run/snmp/agentx", null, 0, "unix:/run/snmp/agentx")]
    [InlineData("tcp:127.0.0.1:705", null, "127.0.0.1", 705, "tcp:127.0.0.1:705")]
    [InlineData("tcp:localhost:7050", null, "localhost", 7050, "tcp:localhost:7050")]
    [InlineData("tcp:[::1]:705", null, "::1", 705, "tcp:[::1]:705")]
    public void AgentX_addresses_parse(string text, string? path, string? host, int port, string canonical)
    {
        var e = AgentXEndpoint.Parse(text);
        Assert.Equal((path, host, port), (e.UnixPath, e.Host, e.Port));
        Assert.Equal(canonical, e.ToString());
    }

    [Theory]
    [InlineData("unix:")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("tcp:127.0.0.1:0")]
    [InlineData("tcp:127.0.0.1:70000")]
    [InlineData("tcp::705")]
    [InlineData("udp:127.0.0.1:705")]
    [InlineData("agentx.sock")]
    public void Bad_agentx_addresses_are_refused_with_a_sentence(string text)
    {
        var e = Assert.Throws<FormatException>(() => SnmpOptions.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
        Assert.EndsWith(".", e.Message);
    }

    [Fact]
    public void Set_is_off_unless_asked_for()
    {
        Assert.False(SnmpOptions.Parse("unix:/x").AllowSet);
        Assert.True(SnmpOptions.Parse("unix:/x", allowSet: true).AllowSet);
    }

    [Fact]
    public void Configuration_section_turns_the_subagent_on()
    {
        static IConfiguration Config(params (string, string)[] kv) =>
            new ConfigurationBuilder().AddInMemoryCollection(kv.Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2))).Build();

        Assert.Null(SnmpOptions.FromConfiguration(Config()));
        var on = SnmpOptions.FromConfiguration(Config(("Snmp:AgentX", "tcp:127.0.0.1:705")))!;
        Assert.Equal("tcp:127.0.0.1:705", on.Endpoint.ToString());
        Assert.False(on.AllowSet);
        Assert.True(SnmpOptions.FromConfiguration(Config(("Snmp:AgentX", "unix:/a"), ("Snmp:AllowSet", "true")))!.AllowSet);
        // The same spellings as vireod's other on/off settings (listen_libvirt_sockets, foreground).
        foreach (var yes in new[] { "True", "1", "yes", " on " })
            Assert.True(SnmpOptions.FromConfiguration(Config(("Snmp:AgentX", "unix:/a"), ("Snmp:AllowSet", yes)))!.AllowSet, yes);
        foreach (var no in new[] { "false", "0", "No", "off", "" })
            Assert.False(SnmpOptions.FromConfiguration(Config(("Snmp:AgentX", "unix:/a"), ("Snmp:AllowSet", no)))!.AllowSet, no);
        var bad = Assert.Throws<FormatException>(() => SnmpOptions.FromConfiguration(Config(("Snmp:AgentX", "unix:/a"), ("Snmp:AllowSet", "sometimes"))));
        Assert.Contains("Snmp:AllowSet", bad.Message);
    }

    [Fact]
    public async Task AddVireoSnmp_runs_the_subagent_in_a_generic_host_over_every_registered_driver()
    {
        using var dir = new TempDir();
        await using var master = new FakeMaster(dir.File("m.sock"));
        var qemuLike = new FakeHypervisor();
        var containerLike = new FakeHypervisor();
        qemuLike.Add("vm", Guid.Parse("11111111-0000-0000-0000-000000000001"), DomainState.Running, publish: false);
        containerLike.Add("ct", Guid.Parse("22222222-0000-0000-0000-000000000002"), DomainState.Paused, publish: false);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Snmp:AgentX", "unix:" + master.Path)]);
        builder.Services.AddSingleton<IHypervisorDriver>(qemuLike);
        builder.Services.AddSingleton<IHypervisorDriver>(containerLike);
        if (SnmpOptions.FromConfiguration(builder.Configuration) is { } snmp) builder.Services.AddVireoSnmp(snmp);
        using var host = builder.Build();
        await host.StartAsync(Ct);
        try
        {
            await master.AcceptAsync(Ct);
            Assert.True(await master.Registered.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            var service = host.Services.GetServices<IHostedService>().OfType<SnmpSubagentService>().Single();
            Assert.Equal(["ct", "vm"], service.Source.Current.Rows.Select(r => r.Name).Order());
            Assert.Equal(GuestState.Paused, service.Source.Current.Rows.Single(r => r.Name == "ct").State);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
        Assert.True(await master.ClosedBySubagent.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}
