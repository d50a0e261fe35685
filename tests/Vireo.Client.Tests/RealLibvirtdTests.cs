using System.Diagnostics;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Events;

namespace Vireo.Client.Tests;

/// <summary>
/// Vireo.Client against Debian's real libvirtd (package libvirt-daemon), serving libvirt's own test driver
/// on a private socket. libvirtd runs as "nobody" in session mode so that it touches nothing system-wide.
/// </summary>
public sealed class RealLibvirtdTests : IAsyncLifetime
{
    private const string Libvirtd = "/usr/sbin/libvirtd";
    private string _dir = null!;
    private Process? _daemon;

    private string Socket => Path.Combine(_dir, "libvirt-sock");
    private string Uri => $"test+unix:///default?socket={Socket}";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Libvirtd)) return;
        _dir = Path.Combine("/tmp", "vireo-lvd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(_dir, "home"));
        Directory.CreateDirectory(Path.Combine(_dir, "run"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "libvirtd.conf"),
            $"unix_sock_dir = \"{_dir}\"\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n", Ct);
        await Process.Start("chown", ["-R", "nobody", _dir]).WaitForExitAsync(Ct);
        var psi = new ProcessStartInfo("setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Libvirtd, "-f", Path.Combine(_dir, "libvirtd.conf"), "-p", Path.Combine(_dir, "pid")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.Environment["HOME"] = Path.Combine(_dir, "home");
        psi.Environment["XDG_RUNTIME_DIR"] = Path.Combine(_dir, "run");
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(_dir, "home", ".config");
        _daemon = Process.Start(psi)!;
        _ = _daemon.StandardOutput.ReadToEndAsync(Ct);
        _ = _daemon.StandardError.ReadToEndAsync(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(Socket) && !_daemon.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill();
            await _daemon.WaitForExitAsync();
        }
        _daemon?.Dispose();
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private void RequireDaemon()
    {
        MachineSetUp.Require(File.Exists(Libvirtd), "libvirtd (apt-get install libvirt-daemon)");
        Assert.True(File.Exists(Socket), $"libvirtd did not create {Socket} (exited: {_daemon?.HasExited})");
    }

    [Fact]
    public async Task Our_client_drives_a_real_libvirtd()
    {
        RequireDaemon();
        await using var c = await VirConnection.OpenAsync(Uri, ct: Ct);
        Assert.Equal("TEST", await c.GetTypeAsync(Ct));
        Assert.True(await c.GetLibVersionAsync(Ct) >= 9_000_000);
        Assert.Equal(16, (await c.GetNodeInfoAsync(Ct)).Cpus);
        var test = await c.LookupDomainAsync("test", Ct);
        Assert.Equal(1, test.Id);
        Assert.Equal(DomainState.Running, (await test.GetInfoAsync(Ct)).State);

        var name = "vireo-client-" + Guid.NewGuid().ToString("N")[..6];
        var d = await c.DefineDomainAsync(
            $"<domain type='test'><name>{name}</name><memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>", ct: Ct);
        Assert.Equal(-1, d.Id);
        await using (var sub = await c.SubscribeEventsAsync([0], d, Ct))
        {
            var running = await d.StartAsync(ct: Ct);
            Assert.True(running.Id > 0);
            await d.SuspendAsync(Ct);
            Assert.Equal(DomainState.Paused, (await d.GetStateAsync(Ct)).State);
            await d.DestroyAsync(ct: Ct);
            var events = new List<LifecycleEventType>();
            while (events.Count < 3 && await sub.Events.ReadAsync(Ct) is LifecycleEvent l) events.Add(l.Type);
            Assert.Equal([LifecycleEventType.Started, LifecycleEventType.Suspended, LifecycleEventType.Stopped], events);
        }
        Assert.Contains($"<name>{name}</name>", await d.GetXmlDescAsync(ct: Ct), StringComparison.Ordinal);
        await d.UndefineAsync(ct: Ct);
        var e = await Assert.ThrowsAsync<VirException>(() => c.LookupDomainAsync(name, Ct));
        Assert.Equal(VirErrorCode.NoDomain, e.Code);
        // libvirt's test driver reports no detail; the client keeps the daemon's sentence exactly.
        Assert.Equal("Domain not found", e.Message);
    }
}
