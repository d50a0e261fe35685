using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Persistence;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>The hypervisor-neutral store: config files, autostart links and status files, round trips and damage.</summary>
public sealed class DomainStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vireo-store-").FullName;
    private readonly DomainStore _store;

    public DomainStoreTests()
    {
        _store = new DomainStore(Path.Combine(_dir, "config"), Path.Combine(_dir, "run"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DomainDef Def(string name) => DomainDefaults.Apply(DomainXml.Parse(
        $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>256</memory><os><type arch='x86_64' machine='pc'>hvm</type></os>" +
        "<on_poweroff>destroy</on_poweroff><devices><serial type='pty'><target port='0'/></serial></devices></domain>"));

    [Fact]
    public void NothingIsCreatedBeforeEnsureDirectories()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        _store.EnsureDirectories();
        Assert.True(Directory.Exists(_store.AutostartDir));
        Assert.True(Directory.Exists(_store.StatusDir));
    }

    [Fact]
    public async Task Config_RoundTrips_AndDeleteRemovesItAndItsAutostartLink()
    {
        _store.EnsureDirectories();
        var def = Def("web1");
        await _store.SaveConfigAsync(def, TestContext.Current.CancellationToken);
        _store.SetAutostart("web1", true);
        Assert.Equal("../web1.xml", new FileInfo(_store.AutostartPath("web1")).LinkTarget);
        Assert.True(_store.IsAutostart("web1"));

        var errors = new List<DomainStore.LoadError>();
        var loaded = Assert.Single(_store.LoadConfigs(errors));
        Assert.Empty(errors);
        Assert.Equal(DomainXml.Format(def), DomainXml.Format(loaded));

        _store.DeleteConfig("web1");
        Assert.False(File.Exists(_store.ConfigPath("web1")));
        Assert.False(_store.IsAutostart("web1"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store.AutostartDir));
    }

    [Fact]
    public async Task DamagedFiles_AreReported_AndTheOthersStillLoad()
    {
        _store.EnsureDirectories();
        await _store.SaveConfigAsync(Def("good"), TestContext.Current.CancellationToken);
        File.WriteAllText(_store.ConfigPath("torn"), "<domain type='qemu'><name>torn");
        File.WriteAllText(_store.ConfigPath("renamed"), DomainXml.Format(Def("other")));
        File.WriteAllText(_store.StatusPath("bad"), "<domstatus state='running'/>");

        var errors = new List<DomainStore.LoadError>();
        Assert.Equal("good", Assert.Single(_store.LoadConfigs(errors)).Name);
        Assert.Empty(_store.LoadStatuses(errors));
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Path.EndsWith("renamed.xml", StringComparison.Ordinal) && e.Message.Contains("'other'"));
    }

    [Fact]
    public async Task Status_RoundTrips_WithStateProcessAndRuntimeValues()
    {
        _store.EnsureDirectories();
        var status = new DomainStatus
        {
            Live = Def("run1"),
            Id = 7,
            State = StateWithReason.Of(PausedReason.User),
            Pid = 4242,
            ProcessStartTime = 123456789,
            Runtime = new Dictionary<string, string> { ["monitor"] = "/run/x/monitor.sock", ["console.serial0"] = "/run/x/serial0.sock", ["odd"] = "a'b\"<c>" },
        };
        await _store.SaveStatusAsync(status, TestContext.Current.CancellationToken);

        var errors = new List<DomainStore.LoadError>();
        var back = Assert.Single(_store.LoadStatuses(errors));
        Assert.Empty(errors);
        Assert.Equal(7, back.Id);
        Assert.Equal(StateWithReason.Of(PausedReason.User), back.State);
        Assert.Equal(4242, back.Pid);
        Assert.Equal(123456789UL, back.ProcessStartTime);
        Assert.Equal(status.Runtime, back.Runtime);
        Assert.Equal(DomainXml.Format(status.Live), DomainXml.Format(back.Live));
        Assert.StartsWith("<domstatus state='paused' reason='1' id='7' pid='4242' starttime='123456789'>", File.ReadAllText(_store.StatusPath("run1")));

        _store.DeleteStatus("run1");
        Assert.Empty(_store.LoadStatuses(errors));
    }

    [Fact]
    public void StatusXml_RefusesAnUnknownState()
    {
        var e = Assert.Throws<Vireo.Core.Errors.VirException>(() => StatusXml.Parse(
            "<domstatus state='flying' reason='0' id='1' pid='1' starttime='1'><domain type='qemu'><name>x</name></domain></domstatus>"));
        Assert.Contains("unknown state 'flying'", e.Message);
    }
}
